/**
 * smsgate answers every failure with a free-form Russian text (`{"error":…}`, `<error>…`, or
 * plain text). The document quotes only two of them verbatim (duplicate request, unknown id);
 * the others here are [assumed] wordings the simulator uses, and the client recognises each
 * kind by keywords, so a real server's variant of the wording lands in the same kind.
 */
import type { SubmitOutcome } from '../types'

export type SmsgateErrorCode =
  | 'duplicate-request'
  | 'duplicate-client-id'
  | 'template'
  | 'not-found'
  | 'token'
  | 'auth'
  | 'blocked'
  | 'ip'
  | 'balance'
  | 'vk-disabled'
  | 'image'
  | 'button'
  | 'validity'
  | 'time-send'
  | 'sender'
  | 'phone'
  | 'text'
  | 'channel'
  | 'temporary'
  | 'bad-request'
  | 'other'

export interface SmsgateErrorKind {
  code: SmsgateErrorCode
  /** What a send that got this answer becomes. */
  outcome: 'paused' | 'rejected' | 'retry' | 'special'
  /** Operator-readable English, followed by the provider's own text in the reason. */
  reason: string
  /** Recognises the provider's text; checked in the order of SMSGATE_ERRORS. */
  match: RegExp
}

/** Texts the simulator answers with. Documented ones are marked; the rest are [assumed]. */
export const SMSGATE_ERROR_TEXTS = {
  /** Documented (GET section), without its `error: ` prefix. */
  duplicateRequest: 'Попытка отправки более одного одинакового запроса в течение минуты',
  /** Documented (status section). */
  notAccepted: 'Сообщение с таким ID не принималось',
  duplicateClientId: 'Сообщение с таким client_id_message уже отправлялось',
  badLogin: 'Неверный логин или пароль',
  badToken: 'Неверный токен авторизации',
  blocked: 'Аккаунт заблокирован',
  ip: 'Доступ с этого IP-адреса запрещён',
  balance: 'Недостаточно средств на балансе',
  template: 'Не указан шаблон VK (templateId)',
  vkDisabled: 'Направление VK для вас не открыто, свяжитесь с вашим менеджером',
  imageNeedsButton: 'Для изображения необходима кнопка (button_text и button_url)',
  buttonTextTooLong: 'Текст кнопки не должен превышать 19 символов',
  buttonNeedsUrl: 'Не указана ссылка кнопки (button_url)',
  buttonNeedsText: 'Не указан текст кнопки (button_text)',
  validity: 'Неверное время жизни сообщения (validity_period)',
  timeSend: 'Неверный формат времени отправки (time_send)',
  senderViber: 'Не указано имя отправителя VIBER',
  senderSms: 'Не указано имя отправителя SMS',
  senderNotAllowed: 'Недопустимое имя отправителя',
  phone: 'Неверный номер телефона',
  textViberMissing: 'Не указан текст VIBER сообщения',
  textViberTooLong: 'Текст VIBER сообщения не должен превышать 1000 символов',
  textWhatsappMissing: 'Не указан текст WhatsApp сообщения',
  textWhatsappTooLong: 'Текст WhatsApp сообщения не должен превышать 1000 символов',
  textSmsMissing: 'Не указан текст SMS',
  noChannel: 'Не выбран ни один способ отправки',
  temporary: 'Сервис временно недоступен, попробуйте позже',
  badJson: 'Неверный формат JSON-документа',
  badXml: 'Неверный формат XML-документа',
} as const

/** Checked in this order: the first match wins (e.g. image before button, token before login). */
export const SMSGATE_ERRORS: readonly SmsgateErrorKind[] = [
  {
    code: 'duplicate-request',
    outcome: 'special',
    reason: 'smsgate refused an identical request sent less than a minute ago',
    match: /одинаков|более одного|duplicate request|identical request|same request/i,
  },
  {
    code: 'duplicate-client-id',
    outcome: 'special',
    reason:
      'smsgate already took this message under its client_id_message and does not send it twice: the first send was accepted. Its answer carries no id_message, so no delivery report can follow',
    match: /client_id_message.*(уже|already)|(уже|already).*client_id_message/i,
  },
  {
    code: 'template',
    outcome: 'rejected',
    reason: 'the VK template is missing or not approved',
    match: /шаблон|template/i,
  },
  {
    code: 'not-found',
    outcome: 'rejected',
    reason: 'smsgate has no message with this id',
    match: /не принимал|не найден|not found|unknown id/i,
  },
  {
    code: 'token',
    outcome: 'paused',
    reason: 'smsgate refused the API token: enter a valid token in the profile',
    match: /токен|token/i,
  },
  {
    code: 'auth',
    outcome: 'paused',
    reason: 'smsgate refused the login or password: check the profile credentials',
    match: /логин|парол|авториз|login|password|unauthori[sz]ed|authenticat/i,
  },
  {
    code: 'blocked',
    outcome: 'paused',
    reason: 'the smsgate account is blocked: contact your smsgate manager',
    match: /заблокир|блокиров|blocked|suspended/i,
  },
  {
    code: 'ip',
    outcome: 'paused',
    reason: "smsgate does not accept requests from this computer's IP address: ask to whitelist it",
    match: /\bip\b|ip-адрес|whitelist/i,
  },
  {
    code: 'balance',
    outcome: 'paused',
    reason: 'the smsgate balance is too low: top it up, then resume the profile',
    match: /баланс|средств|balance|funds|insufficient/i,
  },
  {
    code: 'vk-disabled',
    outcome: 'rejected',
    reason: 'the VK channel is not open for this account (ask your smsgate manager)',
    match: /\bvk\b|вконтакт/i,
  },
  {
    code: 'image',
    outcome: 'rejected',
    reason: 'the Viber image is not accepted (an image needs a button with text and link)',
    match: /изображ|картин|image/i,
  },
  {
    code: 'button',
    outcome: 'rejected',
    reason: 'the Viber button is not accepted (text up to 19 characters, and a link)',
    match: /кнопк|button/i,
  },
  {
    code: 'validity',
    outcome: 'rejected',
    reason: 'the validity period is not accepted',
    match: /жизн|validity/i,
  },
  {
    code: 'time-send',
    outcome: 'rejected',
    reason: 'the scheduled send time is not accepted',
    match: /врем\S* отправ|time_send|send time/i,
  },
  {
    code: 'sender',
    outcome: 'rejected',
    reason: 'the sender name is missing or not allowed for this account',
    match: /отправител|sender/i,
  },
  {
    code: 'phone',
    outcome: 'rejected',
    reason: 'the phone number is not accepted',
    match: /телефон|номер|абонент|phone|number/i,
  },
  {
    code: 'text',
    outcome: 'rejected',
    reason: 'the message text is missing or too long',
    match: /текст|text/i,
  },
  {
    code: 'channel',
    outcome: 'rejected',
    reason: 'no delivery channel was chosen',
    match: /способ|канал|направлени|channel/i,
  },
  {
    code: 'temporary',
    outcome: 'retry',
    reason: 'smsgate had a temporary failure',
    match: /временн|позже|later|внутренн|internal|unavailable|недоступ/i,
  },
  {
    code: 'bad-request',
    outcome: 'rejected',
    reason: 'smsgate could not read the request (a bug in this console: report it)',
    match: /json|xml|документ|формат|format|request/i,
  },
]

export const SMSGATE_OTHER: SmsgateErrorKind = {
  code: 'other',
  outcome: 'rejected',
  reason: 'smsgate refused the message',
  match: /$^/,
}

/** The `error: ` prefix the GET interface puts before its texts is not part of the text. */
export function cleanErrorText(text: string): string {
  return text
    .trim()
    .replace(/^error\s*:\s*/i, '')
    .trim()
}

export function classifySmsgateError(text: string): SmsgateErrorKind {
  const t = cleanErrorText(text)
  return SMSGATE_ERRORS.find((k) => k.match.test(t)) ?? SMSGATE_OTHER
}

/** "English reason (smsgate: «original text»)" — the original is what support will ask for. */
export function describeSmsgateError(text: string): string {
  const t = cleanErrorText(text)
  return `${classifySmsgateError(t).reason} (smsgate: «${t || 'empty error'}»)`
}

/**
 * What a send answered with this error text becomes. `idempotent`: the request carried our
 * client_id_message (JSON/XML), so the provider dedupes a resend; the GET interface has none.
 * `parts`: what the message takes, for an answer that means it was accepted after all.
 *
 * "Already sent with this client_id_message" is such an answer: the document says a repeat of
 * the key is simply not sent, so an earlier attempt (whose answer was lost) was accepted. It is
 * accepted with a note — no id_message came, so no delivery report can follow — and never
 * resent.
 */
export function smsgateErrorOutcome(text: string, idempotent: boolean, parts = 1): SubmitOutcome {
  const kind = classifySmsgateError(text)
  const reason = describeSmsgateError(text)
  const reasonCode = `smsgate:${kind.code}`
  switch (kind.outcome) {
    case 'paused':
      return { kind: 'paused', code: kind.code, reason, reasonCode }
    case 'rejected':
      return { kind: 'rejected', code: kind.code, reason, reasonCode }
    case 'retry':
      return idempotent
        ? { kind: 'retry', reason, reasonCode }
        : { kind: 'unknown', reason, reasonCode }
    case 'special':
      if (kind.code === 'duplicate-client-id' && idempotent)
        return { kind: 'accepted', providerIds: [], parts, note: { reason, reasonCode } }
      // An identical request got through less than a minute ago: with our key a resend later
      // returns its id; without one, it was sent and cannot be tracked — never resend blindly.
      if (kind.code === 'duplicate-request' && idempotent)
        return { kind: 'retry', reason, reasonCode }
      return { kind: 'unknown', reason, reasonCode }
  }
}
