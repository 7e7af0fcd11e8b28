/**
 * SMSC (HTTP API): what the renderer may know of this provider too. Its reason codes, from the
 * provider's documented error and status codes, in every language of the console; its profile
 * form, as data the Providers screen renders.
 */
import type { ProfileInput } from '../domain'
import {
  httpDraftOf,
  httpInputOf,
  httpSections,
  nullable,
  num,
  text,
  type ProviderForm,
} from './form'
import { t, type ReasonTable } from './reasons'

const SMSC_SEND: ReasonTable = {
  'smsc:send:1': t('Wrong request parameters', 'Ошибка в параметрах запроса'),
  'smsc:send:2': t(
    'Wrong login or password, or this IP address is not allowed',
    'Неверный логин или пароль, либо отправка с этого IP-адреса запрещена',
  ),
  'smsc:send:3': t('Not enough money on the account', 'Недостаточно средств на счёте'),
  'smsc:send:4': t(
    'This IP address is temporarily blocked after repeated errors',
    'IP-адрес временно заблокирован из-за частых ошибок в запросах',
  ),
  'smsc:send:5': t('Wrong date format', 'Неверный формат даты'),
  'smsc:send:6': t(
    'The message is forbidden (by its text or sender name)',
    'Сообщение запрещено (по тексту или по имени отправителя)',
  ),
  'smsc:send:7': t('Wrong phone number format', 'Неверный формат номера телефона'),
  'smsc:send:8': t(
    'The message cannot be delivered to this number',
    'Сообщение на указанный номер не может быть доставлено',
  ),
  'smsc:send:9': t(
    'Duplicate request within a minute or too many simultaneous requests',
    'Отправка более одного одинакового запроса в течение минуты или слишком много одновременных запросов',
  ),
  'smsc:send:other': t('SMSC refused the request', 'SMSC отклонил запрос'),
}

const SMSC_STATUS: ReasonTable = {
  'smsc:status:-3': t('Message not found', 'Сообщение не найдено'),
  'smsc:status:-2': t('Stopped before it was sent', 'Остановлено'),
  'smsc:status:-1': t('Waiting to be sent', 'Ожидает отправки'),
  'smsc:status:0': t('Passed to the operator', 'Передано оператору'),
  'smsc:status:1': t('Delivered', 'Доставлено'),
  'smsc:status:2': t('Read', 'Прочитано'),
  'smsc:status:3': t('Expired', 'Просрочено'),
  'smsc:status:4': t('The link was opened', 'Нажата ссылка'),
  'smsc:status:20': t('Cannot be delivered', 'Невозможно доставить'),
  'smsc:status:22': t('Wrong number', 'Неверный номер'),
  'smsc:status:23': t('Prohibited', 'Запрещено'),
  'smsc:status:24': t('Not enough money', 'Недостаточно средств'),
  'smsc:status:25': t('Unavailable number', 'Недоступный номер'),
  'smsc:status:other': t('Unknown SMSC status', 'Неизвестный статус SMSC'),
}

const SMSC_ERR: ReasonTable = {
  'smsc:err:0': t('No error', 'Нет ошибки'),
  'smsc:err:1': t('The subscriber does not exist', 'Абонент не существует'),
  'smsc:err:6': t('The subscriber is not in the network', 'Абонент не в сети'),
  'smsc:err:11': t('No SMS service', 'Нет услуги SMS'),
  'smsc:err:12': t("Error in the subscriber's handset", 'Ошибка в телефоне абонента'),
  'smsc:err:13': t('The subscriber is blocked', 'Абонент заблокирован'),
  'smsc:err:21': t('SMS not supported', 'Нет поддержки сервиса'),
  'smsc:err:200': t('Virtual send', 'Виртуальная отправка'),
  'smsc:err:219': t('The SIM card was changed', 'Замена SIM-карты'),
  'smsc:err:220': t('The queue is full', 'Переполнена очередь у оператора'),
  'smsc:err:237': t('The subscriber did not answer', 'Абонент не отвечает'),
  'smsc:err:238': t('No template', 'Нет шаблона'),
  'smsc:err:239': t('Sending from this IP address is forbidden', 'Запрещённый IP-адрес'),
  'smsc:err:240': t('The subscriber is busy', 'Абонент занят'),
  'smsc:err:241': t('Conversion error', 'Ошибка конвертации'),
  'smsc:err:242': t('An answering machine was detected', 'Зафиксирован автоответчик'),
  'smsc:err:243': t('No contract', 'Не заключён договор'),
  'smsc:err:244': t('Mailings are forbidden', 'Рассылки запрещены'),
  'smsc:err:245': t('No status received', 'Статус не получен'),
  'smsc:err:246': t('Time restriction', 'Ограничение по времени'),
  'smsc:err:247': t('Message limit exceeded', 'Превышен лимит сообщений'),
  'smsc:err:248': t('No route', 'Нет маршрута'),
  'smsc:err:249': t('Wrong number format', 'Неверный формат номера'),
  'smsc:err:250': t('The number is forbidden by the settings', 'Номер запрещён настройками'),
  'smsc:err:251': t('Limit per number exceeded', 'Превышен лимит на один номер'),
  'smsc:err:252': t('The number is forbidden', 'Номер запрещён'),
  'smsc:err:253': t('Forbidden by the spam filter', 'Запрещено спам-фильтром'),
  'smsc:err:254': t('Unregistered sender name', 'Незарегистрированный sender id'),
  'smsc:err:255': t('Rejected by the operator', 'Отклонено оператором'),
}

export const SMSC_HTTP_REASONS: ReasonTable = {
  ...SMSC_SEND,
  ...SMSC_STATUS,
  ...SMSC_ERR,
}

type Input = Extract<ProfileInput, { kind: 'smsc-http' }>

export const SMSC_HTTP_FORM: ProviderForm = {
  sections: httpSections({
    account: [
      {
        type: 'select',
        key: 'smscAuth',
        label: 'smscAuth',
        options: [
          { value: 'login', label: 'smscAuthLogin' },
          { value: 'apikey', label: 'smscAuthKey' },
        ],
      },
    ],
    options: [
      {
        type: 'row',
        fields: [
          { type: 'text', key: 'defaultSender', label: 'defaultSender' },
          { type: 'text', key: 'validityMinutes', label: 'validityMinutes', input: 'numeric' },
        ],
      },
      {
        type: 'checks',
        fields: [
          { key: 'translit', label: 'translit' },
          { key: 'smscCallbacks', label: 'smscCallbacks' },
        ],
      },
    ],
  }),
  secretLabel: (d) => (d.smscAuth === 'apikey' ? 'secretApiKey' : 'secret'),
  draftOf(input, d) {
    const i = input as Input
    return {
      ...httpDraftOf(i, d),
      smscAuth: i.auth ?? 'login',
      defaultSender: text(i.defaultSender),
      translit: i.translit ?? false,
      smscCallbacks: i.callbacks ?? false,
      validityMinutes: text(i.validityMinutes),
    }
  },
  inputOf: (d, common) => ({
    ...httpInputOf(d, common),
    kind: 'smsc-http',
    auth: d.smscAuth,
    defaultSender: nullable(d.defaultSender),
    translit: d.translit,
    callbacks: d.smscCallbacks,
    validityMinutes: num(d.validityMinutes) ?? null,
  }),
}
