/** UI strings in English (default) and Russian; which one is shown is stores/lang's choice. */
import type { MessageState, SessionStatus } from '../shared/contract'
import { SESSION_STATUS_RU } from '../shared/phrases'
import { useLang } from './stores/lang'
import type { ScreenId } from './stores/nav'
import { plural } from './plural'

export type Lang = 'en' | 'ru'

const en = {
  appTitle: 'SMS Operator Console',
  language: 'Language',
  compose: 'Compose',
  nav: {
    compose: 'Compose',
    import: 'Bulk import',
    reports: 'Delivery reports',
    history: 'History',
    hlr: 'HLR lookup',
    numbers: 'Dedicated numbers',
    inbox: 'Inbox',
    contacts: 'Contacts',
    providers: 'Providers',
    team: 'Team',
  } as Record<ScreenId, string>,
  navLabel: 'Screens',
  shortcut: (keys: string) => `Shortcut: ${keys}`,
  profile: 'Provider profile',
  sandboxSuffix: 'Sandbox',
  sandboxHint:
    'Messages go to the local simulator, not to real phones. Numbers ending in 00 fail, in 99 expire.',
  noProfiles: 'No provider profiles',
  sender: 'Sender',
  phone: 'Phone',
  phonePlaceholder: 'e.g. 992901234567',
  text: 'Text',
  counter: 'Message length',
  parts: (n: number) => (n === 1 ? '1 part' : `${n} parts`),
  commentNote: 'Comment after ~~~ is not sent',
  ucs2Because: (chars: string) => `Goes as UCS-2 (70 characters a part) because of ${chars}.`,
  useGsm: (now: string, then: string) => `Use plain characters: ${now} → ${then}`,
  gsmSaves: (amount: string) => ` (saves ≈ ${amount})`,
  channels: 'Channels, tried in this order',
  channelNames: { viber: 'Viber', whatsapp: 'WhatsApp', vk: 'VK', sms: 'SMS' } as Record<
    'sms' | 'viber' | 'whatsapp' | 'vk',
    string
  >,
  viberButtonText: 'Viber button caption',
  viberButtonUrl: 'Viber button link',
  send: 'Send',
  sending: 'Sending…',
  queuedAs: (id: number) => `Queued as message #${id}.`,
  readAs: (phone: string) => `The number was written the local way: it goes to +${phone}.`,
  quietTitle: 'Outside quiet hours',
  quietSend: 'Send anyway',
  quietWait: 'Don’t send',
  quietHint:
    'Send it now only if the customer expects it (a reply they are waiting for); else schedule it for their morning.',
  costAbout: (amount: string, parts: string, perPart: string, prefix: string | null, n: number) =>
    `Cost ≈ ${amount}: ${parts} × ${perPart}, as the provider charged lately${prefix ? ` for numbers starting ${prefix}` : ''} (${n} ${n === 1 ? 'report' : 'reports'}).`,
  costUnknown: 'Cost unknown: the provider has stated no price lately, and states none in advance.',
  costQuoted: (amount: string, parts: string, perPart: string) =>
    `Cost ${amount}: ${parts} × ${perPart}, the provider’s price for this number (asked without sending).`,
  sendLater: 'Send later',
  sendAt: 'Send at',
  schedule: 'Schedule',
  scheduledAs: (id: number, at: string) => `Message #${id} will go at ${at}.`,
  scheduledTitle: 'Scheduled messages',
  noScheduled: 'Nothing is scheduled.',
  colSendAt: 'Goes at',
  moveTo: (id: number) => `New time for message ${id}`,
  move: 'Move',
  sendNow: 'Send now',
  cancelSending: 'Cancel',
  cancelLabel: (id: number) => `Cancel message ${id}`,
  sendNowLabel: (id: number) => `Send message ${id} now`,
  required: (field: string) => `${field} is required`,
  tooLong: (max: number) => `Text is longer than ${max} characters`,
  recent: 'Recent messages',
  noMessages: 'No messages yet.',
  colId: '#',
  colTime: 'Time',
  colProfile: 'Profile',
  colSender: 'Sender',
  colPhone: 'Phone',
  colText: 'Text',
  colSize: 'Size',
  colStatus: 'Status',
  colActions: 'Actions',
  resend: 'Resend',
  markFailed: 'Mark failed',
  resendLabel: (id: number) => `Resend message ${id}`,
  markFailedLabel: (id: number) => `Mark message ${id} failed`,
  uncertainHint: 'Sent, but the provider never answered: it may or may not have gone out.',
  connections: 'Provider connections',
  summaryTone: { ok: 'Working', warn: 'Connecting', bad: 'Down', unknown: 'Unknown' },
  manageProfiles: 'Manage profiles…',
  connectionLabel: (name: string, status: string) => `Connection ${name}: ${status}`,
  notConnected: 'Not connected to the console server',
  noToken:
    'Not connected: this page has no access token. Open the exact address that “npm run serve” printed (it ends with ?token=…).',
  connectionLost:
    'Not connected: the console server refused this page’s token or is not running. Retrying…',
  connecting: 'Connecting to the console…',
  storageFull: "The disk holding the console's data is full",
  storageFailing: 'The console cannot write to its data folder (read-only or failing disk)',
  storageBusy: "The console's database is held by another connection",
  storageSince: (time: string) => `since ${time}.`,
  storageWaiting: (n: string) =>
    `Waiting to be written: ${n} (provider answers, delivery reports, import rows).`,
  storageAdvice: {
    full: 'Free some space: nothing is lost, and sending and imports carry on by themselves. Until then nothing new is sent.',
    failing:
      'Check the disk (is it read-only, or failing?): nothing is lost, and sending and imports carry on by themselves once it takes writes. Until then nothing new is sent.',
    busy: 'Nothing is lost: what waits is written by itself once the database is free, and sending and imports carry on.',
  },
  callClosed: 'The connection to the console closed before it answered',
  callNoToken: 'This page has no access token',
  callOffline: 'Not connected to the console',
  loadFailed: (message: string) => `Could not load: ${message}`,
  states: {
    queued: 'Queued',
    scheduled: 'Scheduled',
    sending: 'Sending',
    accepted: 'Accepted',
    delivered: 'Delivered',
    failed: 'Failed',
    expired: 'Expired',
    uncertain: 'Uncertain',
    cancelled: 'Cancelled',
  } satisfies Record<MessageState, string>,
  sessions: {
    connecting: 'connecting',
    bound: 'bound',
    ready: 'ready',
    reconnecting: 'reconnecting',
    offline: 'offline',
    paused: 'paused',
    stopped: 'stopped',
  } satisfies Record<SessionStatus, string>,
  sessionUnknown: 'unknown',
  waitConnecting: (name: string) => `Waiting for ${name}: connecting.`,
  waitUnreachable: (name: string, since: string) =>
    `Waiting for ${name}: it cannot be reached${since ? ` since ${since}` : ''}.`,
  waitPaused: (name: string, since: string) =>
    `Waiting: ${name} is paused${since ? ` since ${since}` : ''}.`,
  waitStopped: (name: string, since: string) =>
    `Waiting: ${name} is stopped${since ? ` since ${since}` : ''}.`,
  waitNextTry: (at: string) => `Next try at ${at}.`,
  waitHint:
    'The messages go out by themselves once it answers: none is lost or sent twice. If it lasts, check the profile’s address and the office network on Providers.',
  waitPausedHint:
    'Nothing goes out until the profile is resumed: fix what the provider said (balance, password, sender), then resume it.',
  waitResume: 'Resume the profile',
  waitOpenProviders: 'Open Providers',
}

export type Strings = typeof en

const ru: Strings = {
  appTitle: 'Консоль SMS-оператора',
  language: 'Язык',
  compose: 'Новое сообщение',
  nav: {
    compose: 'Отправка',
    import: 'Массовая рассылка',
    reports: 'Отчёты о доставке',
    history: 'История',
    hlr: 'HLR-запрос',
    numbers: 'Выделенные номера',
    inbox: 'Входящие',
    contacts: 'Контакты',
    providers: 'Провайдеры',
    team: 'Команда',
  },
  navLabel: 'Разделы',
  shortcut: (keys: string) => `Сочетание клавиш: ${keys}`,
  profile: 'Профиль провайдера',
  sandboxSuffix: 'Песочница',
  sandboxHint:
    'Сообщения уходят в локальный симулятор, а не на реальные телефоны. Номера на 00 не доставляются, на 99 — истекают.',
  noProfiles: 'Нет профилей провайдеров',
  sender: 'Отправитель',
  phone: 'Телефон',
  phonePlaceholder: 'напр. 992901234567',
  text: 'Текст',
  counter: 'Длина сообщения',
  parts: (n: number) => `частей: ${n}`,
  commentNote: 'Комментарий после ~~~ не отправляется',
  ucs2Because: (chars: string) => `Уходит в UCS-2 (70 знаков в части) из-за символов ${chars}.`,
  useGsm: (now: string, then: string) => `Заменить на простые символы: ${now} → ${then}`,
  gsmSaves: (amount: string) => ` (экономия ≈ ${amount})`,
  channels: 'Каналы, по порядку',
  channelNames: { viber: 'Viber', whatsapp: 'WhatsApp', vk: 'ВКонтакте', sms: 'SMS' },
  viberButtonText: 'Текст кнопки Viber',
  viberButtonUrl: 'Ссылка кнопки Viber',
  send: 'Отправить',
  sending: 'Отправка…',
  queuedAs: (id: number) => `В очереди как сообщение №${id}.`,
  readAs: (phone: string) => `Номер записан по-местному: сообщение уйдёт на +${phone}.`,
  quietTitle: 'Вне тихих часов',
  quietSend: 'Всё равно отправить',
  quietWait: 'Не отправлять',
  quietHint: 'Отправляйте сейчас, только если клиент ждёт ответа; иначе запланируйте на его утро.',
  costAbout: (amount: string, parts: string, perPart: string, prefix: string | null, n: number) =>
    `Стоимость ≈ ${amount}: ${parts} × ${perPart} — по недавним ценам провайдера${prefix ? ` на номера ${prefix}…` : ''} (отчётов: ${n}).`,
  costUnknown: 'Стоимость неизвестна: провайдер давно не сообщал цен и не называет их заранее.',
  costQuoted: (amount: string, parts: string, perPart: string) =>
    `Стоимость ${amount}: ${parts} × ${perPart} — цена провайдера для этого номера (запрошена без отправки).`,
  sendLater: 'Отправить позже',
  sendAt: 'Когда отправить',
  schedule: 'Запланировать',
  scheduledAs: (id: number, at: string) => `Сообщение №${id} уйдёт ${at}.`,
  scheduledTitle: 'Запланированные сообщения',
  noScheduled: 'Ничего не запланировано.',
  colSendAt: 'Уйдёт',
  moveTo: (id: number) => `Новое время сообщения ${id}`,
  move: 'Перенести',
  sendNow: 'Отправить сейчас',
  cancelSending: 'Отменить',
  cancelLabel: (id: number) => `Отменить сообщение ${id}`,
  sendNowLabel: (id: number) => `Отправить сообщение ${id} сейчас`,
  required: (field: string) => `Поле «${field}» обязательно`,
  tooLong: (max: number) =>
    `Текст длиннее ${max} ${plural('ru', max, { one: 'символа', other: 'символов' })}`,
  recent: 'Последние сообщения',
  noMessages: 'Сообщений пока нет.',
  colId: '№',
  colTime: 'Время',
  colProfile: 'Профиль',
  colSender: 'Отправитель',
  colPhone: 'Телефон',
  colText: 'Текст',
  colSize: 'Размер',
  colStatus: 'Статус',
  colActions: 'Действия',
  resend: 'Отправить снова',
  markFailed: 'Считать неудачным',
  resendLabel: (id: number) => `Отправить сообщение ${id} снова`,
  markFailedLabel: (id: number) => `Считать сообщение ${id} неудачным`,
  uncertainHint: 'Отправлено, но провайдер не ответил: сообщение могло уйти, а могло и нет.',
  connections: 'Подключения к провайдерам',
  summaryTone: { ok: 'На связи', warn: 'Подключаются', bad: 'Нет связи', unknown: 'Неизвестно' },
  manageProfiles: 'Настроить профили…',
  connectionLabel: (name: string, status: string) => `Подключение ${name}: ${status}`,
  notConnected: 'Нет связи с сервером консоли',
  noToken:
    'Нет связи: у страницы нет ключа доступа. Откройте точный адрес, который напечатал «npm run serve» (он заканчивается на ?token=…).',
  connectionLost:
    'Нет связи: сервер консоли отклонил ключ этой страницы или не запущен. Повторяем попытку…',
  connecting: 'Подключение к консоли…',
  storageFull: 'Диск с данными консоли заполнен',
  storageFailing:
    'Консоль не может записать в папку данных (диск только для чтения или неисправен)',
  storageBusy: 'База данных консоли занята другим соединением',
  storageSince: (time: string) => `с ${time}.`,
  storageWaiting: (n: string) =>
    `Ждут записи: ${n} (ответы провайдеров, отчёты о доставке, строки импорта).`,
  storageAdvice: {
    full: 'Освободите место: ничего не потеряно, отправка и импорт продолжатся сами. До тех пор новое не отправляется.',
    failing:
      'Проверьте диск (не только ли для чтения, не неисправен ли): ничего не потеряно, отправка и импорт продолжатся сами, когда запись снова пойдёт. До тех пор новое не отправляется.',
    busy: 'Ничего не потеряно: ожидающее запишется само, когда база освободится; отправка и импорт продолжаются.',
  },
  callClosed: 'Связь с консолью прервалась раньше, чем пришёл ответ',
  callNoToken: 'У этой страницы нет ключа доступа',
  callOffline: 'Нет связи с консолью',
  loadFailed: (message: string) => `Не удалось загрузить: ${message}`,
  states: {
    queued: 'В очереди',
    scheduled: 'Запланировано',
    sending: 'Отправляется',
    accepted: 'Принято',
    delivered: 'Доставлено',
    failed: 'Ошибка',
    expired: 'Истекло',
    uncertain: 'Неизвестно',
    cancelled: 'Отменено',
  },
  sessions: SESSION_STATUS_RU,
  sessionUnknown: 'неизвестно',
  waitConnecting: (name: string) => `Ожидание профиля «${name}»: подключение.`,
  waitUnreachable: (name: string, since: string) =>
    `Ожидание профиля «${name}»: нет связи${since ? ` с ${since}` : ''}.`,
  waitPaused: (name: string, since: string) =>
    `Ожидание: профиль «${name}» приостановлен${since ? ` с ${since}` : ''}.`,
  waitStopped: (name: string, since: string) =>
    `Ожидание: профиль «${name}» остановлен${since ? ` с ${since}` : ''}.`,
  waitNextTry: (at: string) => `Следующая попытка в ${at}.`,
  waitHint:
    'Сообщения уйдут сами, как только провайдер ответит: ни одно не потеряется и не уйдёт дважды. Если это надолго, проверьте адрес профиля и сеть офиса на экране «Провайдеры».',
  waitPausedHint:
    'Пока профиль не возобновлён, ничего не отправляется: устраните то, о чём сообщил провайдер (баланс, пароль, отправитель), и возобновите его.',
  waitResume: 'Возобновить профиль',
  waitOpenProviders: 'Открыть «Провайдеры»',
}

/** Both languages' strings, for tests that read them outside React. */
export const dictionaries: Record<Lang, Strings> = { en, ru }

/** The strings of the current language; components re-render when it changes. */
export function useT(): Strings {
  return dictionaries[useLang((s) => s.lang)]
}
