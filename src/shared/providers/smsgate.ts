/**
 * smsgate (Viber → WhatsApp → VK → SMS): what the renderer may know of this provider too. Its reason codes, from the
 * provider's documented error and status codes, in every language of the console; its profile
 * form, as data the Providers screen renders.
 */
import type { ProfileInput } from '../domain'
import type { ChannelName } from '../domain'
import {
  CHANNELS,
  httpDraftOf,
  httpInputOf,
  httpSections,
  num,
  opt,
  text,
  type ProviderForm,
} from './form'
import { t, type ReasonTable } from './reasons'

const SMSGATE: ReasonTable = {
  'smsgate:duplicate-request': t(
    'An identical request within a minute',
    'Попытка отправки более одного одинакового запроса в течение минуты',
  ),
  'smsgate:duplicate-client-id': t(
    'Accepted earlier under this client_id_message and not sent twice; the answer carries no id_message, so no delivery report can follow',
    'Принято ранее с этим client_id_message и повторно не отправляется; в ответе нет id_message, поэтому отчёта о доставке не будет',
  ),
  'smsgate:template': t(
    'The VK template is missing or not approved',
    'Шаблон VK не указан или не одобрен',
  ),
  'smsgate:not-found': t(
    'No message with this id was accepted',
    'Сообщение с таким ID не принималось',
  ),
  'smsgate:token': t('Invalid API token', 'Неверный токен авторизации'),
  'smsgate:auth': t('Wrong login or password', 'Неверный логин или пароль'),
  'smsgate:blocked': t('The account is blocked', 'Аккаунт заблокирован'),
  'smsgate:ip': t(
    'Requests from this IP address are not allowed',
    'Доступ с этого IP-адреса запрещён',
  ),
  'smsgate:balance': t('Not enough money on the balance', 'Недостаточно средств на балансе'),
  'smsgate:vk-disabled': t(
    'The VK channel is not open for this account',
    'Направление VK для вас не открыто, свяжитесь с вашим менеджером',
  ),
  'smsgate:image': t(
    'The Viber image is not accepted (it needs a button)',
    'Изображение Viber не принято (для изображения необходима кнопка)',
  ),
  'smsgate:button': t(
    'The Viber button is not accepted',
    'Кнопка Viber не принята (текст до 19 символов и ссылка)',
  ),
  'smsgate:validity': t(
    'The validity period is not accepted',
    'Неверное время жизни Viber-сообщения (validity_period_viber)',
  ),
  'smsgate:time-send': t(
    'The scheduled send time is not accepted',
    'Неверное время отложенной отправки',
  ),
  'smsgate:sender': t(
    'The sender name is missing or not allowed',
    'Имя отправителя не указано или не разрешено',
  ),
  'smsgate:phone': t('The phone number is not accepted', 'Неверный номер телефона'),
  'smsgate:text': t('The text is missing or too long', 'Текст сообщения пуст или слишком длинный'),
  'smsgate:channel': t('No delivery channel was chosen', 'Не выбран канал доставки'),
  'smsgate:temporary': t('A temporary failure at smsgate', 'Временный сбой на стороне smsgate'),
  'smsgate:bad-request': t(
    'smsgate could not read the request',
    'smsgate не смог разобрать запрос (ошибка консоли)',
  ),
  'smsgate:other': t('smsgate refused the message', 'smsgate отклонил сообщение'),
  'smsgate:state:not_deliver': t(
    'The message was not delivered on any channel',
    'Сообщение не было доставлено ни по одному каналу',
  ),
  'smsgate:state:expired': t(
    'The subscriber was offline at every delivery attempt',
    'Абонент находился не в сети в те моменты, когда делалась попытка доставки',
  ),
  'smsgate:state:partly_deliver': t(
    'The message was sent, but no status was received and none will come: ask smsgate support why',
    'Сообщение было отправлено, но статус так и не был получен и уже не придёт: обратитесь в техническую поддержку smsgate',
  ),
}

export const SMSGATE_REASONS: ReasonTable = {
  ...SMSGATE,
}

type Input = Extract<ProfileInput, { kind: 'smsgate' }>

export const SMSGATE_FORM: ProviderForm = {
  sections: httpSections({
    account: [
      {
        type: 'select',
        key: 'gateAuth',
        label: 'gateAuth',
        options: [
          { value: 'password', label: 'gateAuthPassword' },
          { value: 'token', label: 'gateAuthToken' },
        ],
      },
    ],
    limits: [{ type: 'text', key: 'batchSize', label: 'batchSize', input: 'numeric' }],
    options: [
      {
        type: 'row',
        fields: [
          {
            type: 'select',
            key: 'iface',
            label: 'iface',
            options: [
              { value: 'json', text: 'JSON' },
              { value: 'get', text: 'GET' },
              { value: 'xml', text: 'XML' },
            ],
          },
          { type: 'text', key: 'mailingName', label: 'mailingName' },
          { type: 'text', key: 'timeZone', label: 'timeZone', placeholder: 'Europe/Moscow' },
        ],
      },
      { type: 'channelSenders' },
    ],
  }),
  secretLabel: (d) => (d.gateAuth === 'token' ? 'secretToken' : 'secret'),
  draftOf(input, d) {
    const i = input as Input
    return {
      ...httpDraftOf(i, d),
      iface: i.interface ?? 'json',
      gateAuth: i.auth ?? 'password',
      channelSenders: {
        viber: text(i.channelSenders?.viber),
        whatsapp: text(i.channelSenders?.whatsapp),
        vk: text(i.channelSenders?.vk),
        sms: text(i.channelSenders?.sms),
      },
      mailingName: text(i.mailingName),
      timeZone: text(i.timeZone),
      batchSize: text(i.batchSize),
    }
  },
  inputOf(d, common) {
    const channelSenders: Partial<Record<ChannelName, string>> = {}
    for (const c of CHANNELS) {
      const s = opt(d.channelSenders[c])
      if (s) channelSenders[c] = s
    }
    return {
      ...httpInputOf(d, common),
      kind: 'smsgate',
      interface: d.iface,
      auth: d.gateAuth,
      channelSenders,
      mailingName: opt(d.mailingName),
      timeZone: opt(d.timeZone),
      batchSize: num(d.batchSize),
    }
  },
}
