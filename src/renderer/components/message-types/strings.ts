/** Words of SMSC's message types, shared by Compose, the lists and a message's detail. */
import { TYPE_NAMES, type CallVoice, type MessageTypeName } from '../../../shared/message-types'
import type { Lang } from '../../i18n'

const VOICES_EN: Record<CallVoice, string> = {
  m: 'Male voice 1',
  m2: 'Male voice 2',
  w: 'Female voice 1',
  w2: 'Female voice 2',
  w3: 'Female voice 3',
  w4: 'Female voice 4',
}
const VOICES_RU: Record<CallVoice, string> = {
  m: 'Мужской голос 1',
  m2: 'Мужской голос 2',
  w: 'Женский голос 1',
  w2: 'Женский голос 2',
  w3: 'Женский голос 3',
  w4: 'Женский голос 4',
}

const en = {
  type: 'Message type',
  name: (t: MessageTypeName | 'hlr') => TYPE_NAMES[t].en,
  subject: 'Subject',
  voice: 'Voice',
  voices: VOICES_EN,
  bot: 'Telegram bot',
  botPlaceholder: '@shop_bot',
  button: 'Button text',
  buttonUrl: 'Button link',
  image: 'Picture (link)',
  pingHint: 'A ping SMS has no text: it checks that the phone is on without showing anything.',
  oneMessage: (units: number, max: number) => `${units}/${max} · one message`,
  tooLong: (max: number) => `Longer than ${max} characters: shorten the text.`,
  stray: (prefix: string, type: MessageTypeName | 'hlr') =>
    `The text starts with ${prefix}: SMSC would take it as ${TYPE_NAMES[type].en}, not an SMS, so it will not be sent as it is.`,
  sendAs: (type: MessageTypeName) => `Send as ${TYPE_NAMES[type].en}`,
}

const ru: typeof en = {
  type: 'Тип сообщения',
  name: (t) => TYPE_NAMES[t].ru,
  subject: 'Тема',
  voice: 'Голос',
  voices: VOICES_RU,
  bot: 'Telegram-бот',
  botPlaceholder: '@shop_bot',
  button: 'Текст кнопки',
  buttonUrl: 'Ссылка кнопки',
  image: 'Картинка (ссылка)',
  pingHint: 'У пинг-SMS нет текста: она проверяет, что телефон включён, ничего не показывая.',
  oneMessage: (units, max) => `${units}/${max} · одно сообщение`,
  tooLong: (max) => `Длиннее ${max} символов: сократите текст.`,
  stray: (prefix, type) =>
    `Текст начинается с ${prefix}: SMSC примет его как «${TYPE_NAMES[type].ru}», а не SMS, поэтому в таком виде он не уйдёт.`,
  sendAs: (type) => `Отправить как «${TYPE_NAMES[type].ru}»`,
}

export const messageTypeStrings: Record<Lang, typeof en> = { en, ru }
