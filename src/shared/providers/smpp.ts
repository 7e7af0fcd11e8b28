/**
 * SMPP: what the renderer may know of this provider too. Its reason codes, from the
 * provider's documented error and status codes, in every language of the console; its profile
 * form, as data the Providers screen renders.
 */
import type { ProfileInput } from '../domain'
import { num, text, type ProviderForm } from './form'
import { t, type ReasonTable } from './reasons'

const SMPP_STATUS: ReasonTable = {
  'smpp:status:0x00000001': t('Message length is invalid', 'Неверная длина сообщения'),
  'smpp:status:0x00000003': t('Invalid command', 'Неверная команда'),
  'smpp:status:0x00000004': t('Not bound', 'Сессия не установлена'),
  'smpp:status:0x00000005': t('Already bound', 'Сессия уже установлена'),
  'smpp:status:0x00000008': t('System error at the provider', 'Системная ошибка провайдера'),
  'smpp:status:0x0000000a': t('Invalid sender (source address)', 'Неверный адрес отправителя'),
  'smpp:status:0x0000000b': t('Invalid destination number', 'Неверный номер получателя'),
  'smpp:status:0x0000000c': t(
    'The SMSC holds no message under this id',
    'У SMSC нет сообщения с таким идентификатором',
  ),
  'smpp:status:0x0000000d': t(
    'Bind failed (login or password refused)',
    'Ошибка подключения (логин или пароль отклонены)',
  ),
  'smpp:status:0x0000000e': t('Invalid password', 'Неверный пароль'),
  'smpp:status:0x0000000f': t('Invalid login (system_id)', 'Неверный логин (system_id)'),
  'smpp:status:0x00000014': t('Message queue full', 'Очередь сообщений переполнена'),
  'smpp:status:0x00000045': t('Submit failed', 'Ошибка отправки сообщения'),
  'smpp:status:0x00000058': t(
    'Throttled (too many messages per second)',
    'Превышена скорость отправки',
  ),
  'smpp:status:0x00000061': t(
    'Invalid scheduled delivery time',
    'Неверное время отложенной доставки',
  ),
  'smpp:status:0x00000062': t('Invalid validity period', 'Неверный срок жизни сообщения'),
  'smpp:status:other': t('Refused by the SMPP server', 'Отклонено SMPP-сервером'),
}

const SMPP_STAT: ReasonTable = {
  'smpp:stat:ENROUTE': t('En route', 'В пути'),
  'smpp:stat:DELIVRD': t('Delivered', 'Доставлено'),
  'smpp:stat:EXPIRED': t('Expired', 'Истёк срок жизни'),
  'smpp:stat:DELETED': t('Deleted', 'Удалено'),
  'smpp:stat:UNDELIV': t('Undeliverable', 'Не доставлено'),
  'smpp:stat:ACCEPTD': t('Accepted', 'Принято'),
  'smpp:stat:UNKNOWN': t('Unknown', 'Неизвестно'),
  'smpp:stat:REJECTD': t('Rejected', 'Отклонено'),
}

export const SMPP_REASONS: ReasonTable = {
  ...SMPP_STATUS,
  ...SMPP_STAT,
}

type Input = Extract<ProfileInput, { kind: 'smpp' }>

const numeric = (key: 'port' | 'backupPort' | 'window' | 'ratePerSecond') =>
  ({ type: 'text', key, label: key, input: 'numeric' }) as const

export const SMPP_FORM: ProviderForm = {
  defaults: { port: '3700' },
  sections: [
    {
      title: 'endpoint',
      blocks: [
        {
          type: 'row',
          fields: [
            { type: 'text', key: 'host', label: 'host', placeholder: 'smpp.example.com' },
            numeric('port'),
            {
              type: 'text',
              key: 'backupHost',
              label: 'backupHost',
              placeholder: 'smpp2.example.com',
            },
            numeric('backupPort'),
          ],
        },
        { type: 'checks', fields: [{ key: 'tls', label: 'tls' }] },
      ],
    },
    {
      title: 'account',
      blocks: [{ type: 'row', fields: [{ type: 'text', key: 'systemId', label: 'systemId' }] }],
    },
    {
      title: 'limits',
      blocks: [
        {
          type: 'row',
          fields: [
            numeric('window'),
            numeric('ratePerSecond'),
            {
              type: 'select',
              key: 'longMessageMode',
              label: 'longMessageMode',
              options: [
                { value: 'udh', label: 'longUdh' },
                { value: 'payload', label: 'longPayload' },
              ],
            },
          ],
        },
        {
          type: 'group',
          legend: 'systemType',
          blocks: [
            {
              type: 'row',
              fields: [
                {
                  type: 'select',
                  key: 'mcon',
                  label: 'mcon',
                  options: [
                    { value: '', label: 'mconNone' },
                    ...Array.from({ length: 9 }, (_, i) => ({
                      value: String(i + 1),
                      text: `MCON${i + 1}`,
                    })),
                  ],
                },
              ],
            },
            {
              type: 'checks',
              fields: [
                { key: 'single', label: 'single' },
                { key: 'iso', label: 'iso' },
              ],
            },
          ],
        },
      ],
    },
  ],
  secretLabel: () => 'secret',
  draftOf(input, d) {
    const i = input as Input
    const [main, backup] = i.hosts
    const mcon = i.systemType.find((t) => t.startsWith('MCON'))
    return {
      ...d,
      host: main?.host ?? '',
      port: text(main?.port),
      backupHost: backup?.host ?? '',
      backupPort: text(backup?.port),
      tls: i.tls,
      systemId: i.systemId,
      mcon: mcon ? mcon.slice(4) : '',
      single: i.systemType.includes('SINGLE'),
      iso: i.systemType.includes('ISO'),
      window: text(i.window),
      ratePerSecond: text(i.ratePerSecond),
      longMessageMode: i.longMessageMode,
    }
  },
  inputOf(d, common) {
    const hosts = [{ host: d.host.trim(), port: num(d.port) ?? 0 }]
    if (d.backupHost.trim()) {
      hosts.push({ host: d.backupHost.trim(), port: num(d.backupPort) ?? num(d.port) ?? 0 })
    }
    const systemType = [
      ...(d.mcon ? [`MCON${d.mcon}`] : []),
      ...(d.single ? ['SINGLE'] : []),
      ...(d.iso ? ['ISO'] : []),
    ]
    return {
      ...common,
      kind: 'smpp',
      hosts,
      tls: d.tls,
      systemId: d.systemId.trim(),
      systemType,
      window: num(d.window) ?? 10,
      ratePerSecond: num(d.ratePerSecond) ?? 30,
      longMessageMode: d.longMessageMode,
    }
  },
}
