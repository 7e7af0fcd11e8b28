/**
 * Main's words to the operator, in every language of the console: each refusal and each
 * reported failure has a stable id, the values it names (typed, checked at run time) and a text
 * per language. Main sends the English text and the id with its values; the renderer words the
 * id in the operator's language. Values a provider or the operator supplied (a provider's own
 * error text, a file or profile name, a number) are shown as they came.
 */
import { BATCH_STATES, MESSAGE_STATES, SESSION_STATUSES } from './constants'
import type { MessageState, PhraseRef, SessionStatus } from './domain'
import { REASON_CODES } from './reason-codes'
import { TYPE_NAMES, TYPE_WORDS } from './message-types'

export type PhraseLang = 'en' | 'ru'

/**
 * What a phrase's value must be: any text, a finite number, or one of a list of words. Plain
 * data, not a schema library's: the renderer words phrases too, and carries no zod.
 */
type ParamKind = 'string' | 'number' | readonly string[]
type Shape = Record<string, ParamKind>
type ValueOf<K extends ParamKind> = K extends 'string'
  ? string
  : K extends 'number'
    ? number
    : K extends readonly (infer W)[]
      ? W
      : never
type Values<S extends Shape> = { [K in keyof S]: ValueOf<S[K]> }

interface PhraseDef<P> {
  /** The values it names, as `check` reads them. */
  shape: Shape
  en: (p: P) => string
  ru: (p: P) => string
}

function def<S extends Shape>(
  shape: S,
  en: (p: Values<S>) => string,
  ru: (p: Values<S>) => string,
): PhraseDef<Values<S>> {
  return { shape, en, ru }
}

/** The values of `shape` out of `params` (extra keys dropped), or null when one does not fit. */
function check(shape: Shape, params: unknown): Record<string, string | number> | null {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return null
  const given = params as Record<string, unknown>
  const out: Record<string, string | number> = {}
  for (const [key, kind] of Object.entries(shape)) {
    const v = given[key]
    const fits =
      kind === 'string'
        ? typeof v === 'string'
        : kind === 'number'
          ? typeof v === 'number' && Number.isFinite(v)
          : typeof v === 'string' && kind.includes(v)
    if (!fits) return null
    out[key] = v as string | number
  }
  return out
}

const str = 'string' as const
const num = 'number' as const

/** The provider's export: its columns, what a value must be, and the columns a header must name. */
const EXPORT_COLUMNS = [
  'id',
  'phone',
  'sender',
  'sentAt',
  'status',
  'err',
  'cost',
  'parts',
  'text',
] as const
const EXPORT_VALUES = ['id', 'phone', 'date', 'status', 'number'] as const
const EXPORT_REQUIRED = ['phone', 'status'] as const
const EXPORT_COLUMN_NAMES: Record<(typeof EXPORT_COLUMNS)[number], { en: string; ru: string }> = {
  id: { en: 'the message id', ru: 'идентификатор сообщения' },
  phone: { en: 'the phone number', ru: 'номер телефона' },
  sender: { en: 'the sender', ru: 'отправитель' },
  sentAt: { en: 'the send time', ru: 'время отправки' },
  status: { en: 'the status', ru: 'статус' },
  err: { en: 'the error code', ru: 'код ошибки' },
  cost: { en: 'the cost', ru: 'стоимость' },
  parts: { en: 'the number of parts', ru: 'число частей' },
  text: { en: 'the text', ru: 'текст' },
}
const EXPORT_VALUE_NAMES: Record<(typeof EXPORT_VALUES)[number], { en: string; ru: string }> = {
  id: { en: 'an id', ru: 'идентификатор' },
  phone: { en: 'a phone number', ru: 'номер телефона' },
  date: { en: 'a date and time', ru: 'дата и время' },
  status: { en: 'a status code', ru: 'код статуса' },
  number: { en: 'a number', ru: 'число' },
}

// ─── names of states, as a Russian sentence says them ─────────────────────────

/** "Сообщение 5 …" */
export const MESSAGE_STATE_RU: Record<MessageState, string> = {
  queued: 'в очереди',
  scheduled: 'запланировано',
  sending: 'отправляется',
  accepted: 'принято провайдером',
  delivered: 'доставлено',
  failed: 'завершилось ошибкой',
  expired: 'просрочено',
  uncertain: 'в неизвестном состоянии',
  cancelled: 'отменено',
}

/** "Рассылка 5 …" */
export const BATCH_STATE_RU: Record<(typeof BATCH_STATES)[number], string> = {
  running: 'идёт',
  paused: 'приостановлена',
  cancelled: 'отменена',
  done: 'завершена',
}

export const SESSION_STATUS_RU: Record<SessionStatus, string> = {
  connecting: 'подключение',
  bound: 'подключено',
  ready: 'готово',
  reconnecting: 'переподключение',
  offline: 'нет связи',
  paused: 'приостановлено',
  stopped: 'остановлено',
}

const HTTP_FAILURES = ['unreachable', 'timeout', 'reset', 'malformed'] as const
export type HttpFailure = (typeof HTTP_FAILURES)[number]

const HTTP_FAILURE: Record<HttpFailure, { en: string; ru: string }> = {
  unreachable: {
    en: 'the provider could not be reached',
    ru: 'не удалось связаться с провайдером',
  },
  timeout: { en: 'no answer in time', ru: 'ответ не пришёл вовремя' },
  reset: {
    en: 'the connection broke before the answer',
    ru: 'соединение оборвалось до ответа',
  },
  malformed: {
    en: 'the provider sent an answer that could not be read',
    ru: 'провайдер прислал ответ, который не удалось прочитать',
  },
}

/** " at host" / " (host)": where a provider answered, when known. */
const at = (host: string) => (host ? ` at ${host}` : '')
const atRu = (host: string) => (host ? ` (${host})` : '')

const stateSummary = (p: { status: SessionStatus; host: string; detail: string }) =>
  `${p.status}${p.host ? ` (${p.host})` : ''}${p.detail ? `: ${p.detail}` : ''}`
const stateSummaryRu = (p: { status: SessionStatus; host: string; detail: string }) =>
  `${SESSION_STATUS_RU[p.status]}${p.host ? ` (${p.host})` : ''}${p.detail ? `: ${p.detail}` : ''}`

// ─── the phrases ────────────────────────────────────────────────────────────

export const PHRASES = {
  // The router: calls it could not take or that failed inside.
  'call.unknown': def(
    { name: str },
    (p) => `Unknown call ${p.name}`,
    (p) => `Неизвестный вызов ${p.name}`,
  ),
  'call.failed': def(
    { call: str },
    (p) => `${p.call} failed inside the console; see the log for details`,
    (p) => `${p.call}: сбой внутри консоли; подробности в журнале`,
  ),
  'call.crashed': def(
    {},
    () => 'The console failed to handle the call',
    () => 'Консоль не смогла обработать вызов',
  ),
  'call.tooLarge': def(
    { bytes: num, max: num },
    (p) => `Request of ${p.bytes} bytes is over the ${p.max}-byte limit`,
    (p) => `Запрос в ${p.bytes} байт больше предела в ${p.max} байт`,
  ),

  // The data folder at start: one console per folder, the database's check, backups.
  'folder.locked': def(
    { dir: str, pid: num, mode: ['browser', 'electron'] as const, since: str },
    (p) =>
      `Another SMS Operator Console (process ${p.pid}, ${p.mode === 'electron' ? 'the desktop app (electron)' : 'browser mode'}, running since ${p.since}) is using the data folder ${p.dir}. Close it first, or give this one another data folder (--data-dir). Nothing in the folder was changed.`,
    (p) =>
      `Папкой данных ${p.dir} уже пользуется другая консоль (процесс ${p.pid}, ${p.mode === 'electron' ? 'настольное приложение' : 'режим браузера'}, работает с ${p.since}). Сначала закройте её или укажите этой консоли другую папку данных (--data-dir). В папке ничего не изменено.`,
  ),
  'folder.lockedUnknown': def(
    { dir: str },
    (p) =>
      `Another SMS Operator Console process is using the data folder ${p.dir} (it has not yet said which). Close it first, or give this one another data folder (--data-dir). Nothing in the folder was changed.`,
    (p) =>
      `Папкой данных ${p.dir} уже пользуется другой процесс консоли (какой именно, он ещё не сообщил). Сначала закройте его или укажите этой консоли другую папку данных (--data-dir). В папке ничего не изменено.`,
  ),
  'db.damaged': def(
    { file: str, problem: str, cause: str },
    (p) =>
      `The database ${p.file} is damaged (SQLite's check says: ${p.problem}). The console did not start and wrote nothing into it. ${p.cause}`,
    (p) =>
      `База данных ${p.file} повреждена (проверка SQLite сообщает: ${p.problem}). Консоль не запустилась и ничего в неё не записала. ${p.cause}`,
  ),
  'db.notDatabase': def(
    { file: str, cause: str },
    (p) =>
      `The database ${p.file} is no longer an SQLite file: its first page is overwritten. The console did not start and wrote nothing into it. ${p.cause}`,
    (p) =>
      `Файл базы данных ${p.file} больше не файл SQLite: его первая страница перезаписана. Консоль не запустилась и ничего в него не записала. ${p.cause}`,
  ),
  'db.emptied': def(
    { file: str, cause: str },
    (p) =>
      `The database ${p.file} is empty, but this data folder held the console's data. The console did not start and did not create a new database in its place. ${p.cause}`,
    (p) =>
      `Файл базы данных ${p.file} пуст, хотя в этой папке хранились данные консоли. Консоль не запустилась и не стала создавать вместо него новую базу. ${p.cause}`,
  ),
  'db.noData': def(
    { file: str, cause: str },
    (p) =>
      `The database ${p.file} no longer holds the console's data (its tables or messages are gone), but this data folder held them. The console did not start and changed nothing. ${p.cause}`,
    (p) =>
      `В базе данных ${p.file} больше нет данных консоли (пропали таблицы или сообщения), хотя в этой папке они хранились. Консоль не запустилась и ничего не изменила. ${p.cause}`,
  ),
  'db.missing': def(
    { file: str, cause: str },
    (p) =>
      `The database ${p.file} is missing, but this data folder held the console's data. The console did not start and did not create a new database in its place. ${p.cause}`,
    (p) =>
      `Файла базы данных ${p.file} нет, хотя в этой папке хранились данные консоли. Консоль не запустилась и не стала создавать вместо него новую базу. ${p.cause}`,
  ),
  'db.restoreWithFlag': def(
    { time: str },
    (p) =>
      `A backup that passed its check was taken on ${p.time}: start the console with --restore-backup to continue from it. The current file, if any, is set aside (renamed, never deleted).`,
    (p) =>
      `Есть проверенная резервная копия от ${p.time}: запустите консоль с --restore-backup, чтобы продолжить с неё. Нынешний файл, если он есть, будет отложен (переименован, а не удалён).`,
  ),
  'db.restoreOffered': def(
    { time: str },
    (p) =>
      `A backup that passed its check was taken on ${p.time} and can be restored. The current file, if any, is set aside (renamed, never deleted).`,
    (p) =>
      `Есть проверенная резервная копия от ${p.time}, её можно восстановить. Нынешний файл, если он есть, будет отложен (переименован, а не удалён).`,
  ),
  'db.noBackup': def(
    { dir: str },
    (p) =>
      `There is no good backup in ${p.dir}. To start with an empty database, move console.db and console.db.marker out of the data folder; a damaged file can often be salvaged with the sqlite3 tool's .recover command.`,
    (p) =>
      `В ${p.dir} нет проверенной резервной копии. Чтобы начать с пустой базой, перенесите console.db и console.db.marker из папки данных; повреждённый файл часто удаётся спасти командой .recover программы sqlite3.`,
  ),
  'backup.noneGood': def(
    { dir: str },
    (p) =>
      `No backup in ${p.dir} passes its check, so nothing was restored and nothing was changed.`,
    (p) =>
      `В ${p.dir} нет резервной копии, прошедшей проверку, поэтому ничего не восстановлено и не изменено.`,
  ),
  'backup.restored': def(
    { time: str, aside: str },
    (p) =>
      `Restored the backup of ${p.time}; the previous database was kept as ${p.aside}. Messages that were waiting or being sent at the time of the backup are now uncertain: they may have gone out since.`,
    (p) =>
      `Восстановлена резервная копия от ${p.time}; прежняя база сохранена как ${p.aside}. Сообщения, которые на момент копии ждали отправки или отправлялись, теперь в неизвестном состоянии: они могли уйти позже.`,
  ),
  'backup.restoredNoFile': def(
    { time: str },
    (p) =>
      `Restored the backup of ${p.time}. Messages that were waiting or being sent at the time of the backup are now uncertain: they may have gone out since.`,
    (p) =>
      `Восстановлена резервная копия от ${p.time}. Сообщения, которые на момент копии ждали отправки или отправлялись, теперь в неизвестном состоянии: они могли уйти позже.`,
  ),
  'backup.notNeeded': def(
    { file: str },
    (p) => `The database ${p.file} passed its check: it was kept and no backup was restored.`,
    (p) =>
      `База данных ${p.file} прошла проверку: она оставлена как есть, резервная копия не восстанавливалась.`,
  ),
  'start.failed': def(
    {},
    () => 'SMS Operator Console could not start',
    () => 'Консоль не запустилась',
  ),
  'start.restore': def(
    { time: str },
    (p) => `Restore the backup of ${p.time}`,
    (p) => `Восстановить копию от ${p.time}`,
  ),
  'start.quit': def(
    {},
    () => 'Quit',
    () => 'Выйти',
  ),

  // Provider profiles.
  'profile.notFound': def(
    { id: str },
    (p) => `No provider profile ${JSON.stringify(p.id)}`,
    (p) => `Профиля провайдера «${p.id}» нет`,
  ),
  'profile.noBalance': def(
    { name: str },
    (p) => `${p.name} does not report a balance`,
    (p) => `Профиль «${p.name}» не сообщает баланс`,
  ),
  'profile.noNumbers': def(
    { name: str },
    (p) => `${p.name} has no dedicated numbers to rent`,
    (p) => `У профиля «${p.name}» нет выделенных номеров для аренды`,
  ),
  'profile.sandboxReadOnly': def(
    {},
    () => 'A sandbox profile cannot be edited',
    () => 'Профиль песочницы нельзя изменить',
  ),
  'profile.ownFallback': def(
    {},
    () => 'A profile cannot be its own fallback',
    () => 'Профиль не может быть резервным для самого себя',
  ),
  'profile.sandboxNoPassword': def(
    {},
    () => 'The sandbox profile needs no password',
    () => 'Профилю песочницы пароль не нужен',
  ),
  'profile.sandboxNotRemovable': def(
    { name: str },
    (p) => `${p.name} is a sandbox profile: it comes with the console and cannot be removed`,
    (p) => `«${p.name}» — профиль песочницы: он входит в консоль, и удалить его нельзя`,
  ),
  'profile.isFallback': def(
    { name: str, users: str },
    (p) => `${p.name} is the fallback of ${p.users}: choose another fallback there first`,
    (p) =>
      `Профиль «${p.name}» — резервный для: ${p.users}. Сначала выберите там другой резервный профиль`,
  ),
  'profile.hasUnsent': def(
    { name: str, count: num },
    (p) =>
      `${p.name} still has ${p.count} message(s) waiting to be sent: cancel them with the removal, or wait until they are sent`,
    (p) =>
      `У профиля «${p.name}» ещё есть неотправленные сообщения (${p.count}): отмените их вместе с удалением или дождитесь, пока они уйдут`,
  ),
  'keychain.unavailable': def(
    { reason: str },
    (p) => `The OS keychain is not available: ${p.reason}`,
    (p) => `Хранилище паролей ОС недоступно: ${p.reason}`,
  ),
  'keychain.unavailableKept': def(
    { reason: str, name: str },
    (p) =>
      `The OS keychain is not available: ${p.reason}. ${p.name} was kept, so its password can still be cleared`,
    (p) =>
      `Хранилище паролей ОС недоступно: ${p.reason}. Профиль «${p.name}» оставлен, чтобы его пароль ещё можно было удалить`,
  ),

  // "Test connection" (profiles.test): what it found.
  'test.noPassword': def(
    {},
    () => 'No password is saved for this profile: enter it and save it first.',
    () => 'Для этого профиля не сохранён пароль: сначала введите и сохраните его.',
  ),
  'test.typePassword': def(
    {},
    () => 'Enter the password (or API key) to test these settings.',
    () => 'Введите пароль (или API-ключ), чтобы проверить эти настройки.',
  ),
  'test.notRunning': def(
    {},
    () => 'The profile is not running: its settings could not be used (see the log).',
    () => 'Профиль не запущен: его настройки не удалось применить (подробности в журнале).',
  ),
  'test.balance': def(
    { host: str, amount: str },
    (p) => `The provider answered${at(p.host)}: balance ${p.amount}.`,
    (p) => `Провайдер ответил${atRu(p.host)}: баланс ${p.amount}.`,
  ),
  'test.balancePaused': def(
    { host: str, amount: str, detail: str },
    (p) =>
      `The provider answered${at(p.host)}: balance ${p.amount}. The profile is paused (${p.detail || 'no reason given'}): press Resume to send again.`,
    (p) =>
      `Провайдер ответил${atRu(p.host)}: баланс ${p.amount}. Профиль приостановлен (${p.detail || 'причина не указана'}): нажмите «Возобновить», чтобы снова отправлять.`,
  ),
  'test.loginWorks': def(
    { host: str },
    (p) => `The provider answered a status request${at(p.host)}: the login works.`,
    (p) => `Провайдер ответил на запрос статуса${atRu(p.host)}: логин действует.`,
  ),
  'test.refused': def(
    { host: str, detail: str },
    (p) => `The provider refused${at(p.host)}: ${p.detail || 'paused'}`,
    (p) => `Провайдер отказал${atRu(p.host)}: ${p.detail || 'профиль приостановлен'}`,
  ),
  'test.state': def(
    { status: SESSION_STATUSES, host: str, detail: str },
    (p) => stateSummary(p),
    (p) => `Состояние: ${stateSummaryRu(p)}`,
  ),
  'test.bound': def(
    { host: str },
    (p) => `Bound to ${p.host || 'the SMSC'}.`,
    (p) => `Подключено к ${p.host || 'SMSC'}.`,
  ),
  'test.noBindAnswer': def(
    { host: str, seconds: num },
    (p) => `No bind answer from ${p.host || 'the SMSC'} within ${p.seconds} s.`,
    (p) => `${p.host || 'SMSC'} не ответил на подключение за ${p.seconds} с.`,
  ),
  'test.couldNotBind': def(
    { status: SESSION_STATUSES, host: str, detail: str },
    (p) => `Could not bind: ${stateSummary(p)}`,
    (p) => `Не удалось подключиться: ${stateSummaryRu(p)}`,
  ),

  'test.couldNotConnect': def(
    { host: str, cause: str },
    (p) => `Could not connect to ${p.host || 'the SMSC'}: ${p.cause}`,
    (p) => `Не удалось подключиться к ${p.host || 'SMSC'}: ${p.cause}`,
  ),

  // Why a connection to a provider failed, for people (providers/network-cause.ts): the
  // socket's own code stays at the end, for whoever supports the office.
  'net.refused': def(
    { host: str, code: str },
    (p) =>
      `nothing answers at ${p.host}: no service listens on that port, or a firewall refuses it (${p.code})`,
    (p) =>
      `по адресу ${p.host} никто не отвечает: на этом порту нет службы, или её закрывает межсетевой экран (${p.code})`,
  ),
  'net.unknownHost': def(
    { host: str, code: str },
    (p) =>
      `the name ${p.host} is not found: check the address, and that the office has DNS (${p.code})`,
    (p) => `имя ${p.host} не найдено: проверьте адрес и работу DNS в офисе (${p.code})`,
  ),
  'net.noRoute': def(
    { host: str, code: str },
    (p) =>
      `the network has no way to ${p.host}: check the office's connection and the address (${p.code})`,
    (p) => `сеть не может достичь ${p.host}: проверьте подключение офиса и адрес (${p.code})`,
  ),
  'net.timedOut': def(
    { host: str, code: str },
    (p) => `${p.host} did not answer the connection: a firewall may be dropping it (${p.code})`,
    (p) =>
      `${p.host} не ответил на подключение: возможно, его блокирует межсетевой экран (${p.code})`,
  ),
  'net.closed': def(
    { host: str, code: str },
    (p) => `${p.host} closed the connection (${p.code})`,
    (p) => `${p.host} закрыл соединение (${p.code})`,
  ),
  'net.notSmpp': def(
    { host: str, speaks: str },
    (p) =>
      `${p.host} does not speak SMPP${p.speaks ? `: that port speaks ${p.speaks}` : ''}. Check the port, and whether the SMSC wants TLS`,
    (p) =>
      `${p.host} не работает по SMPP${p.speaks ? `: этот порт отвечает по ${p.speaks}` : ''}. Проверьте порт и нужен ли SMSC протокол TLS`,
  ),
  'net.notTls': def(
    { host: str, code: str },
    (p) =>
      `${p.host} does not speak TLS on this port: turn TLS off, or use its TLS port (${p.code})`,
    (p) =>
      `${p.host} не работает по TLS на этом порту: отключите TLS или укажите его TLS-порт (${p.code})`,
  ),
  'net.certificate': def(
    { host: str, code: str },
    (p) => `${p.host} presented a certificate that cannot be trusted (${p.code})`,
    (p) => `${p.host} предъявил сертификат, которому нельзя доверять (${p.code})`,
  ),

  // What a provider said, or that it could not be asked.
  /** As provider.http, with why the connection failed as a phrase of its own (net.*). */
  'provider.httpCause': def(
    { provider: str, call: str, failure: HTTP_FAILURES, cause: str },
    (p) => `${p.provider} ${p.call}: ${HTTP_FAILURE[p.failure].en} — ${p.cause}`,
    (p) => `${p.provider} ${p.call}: ${HTTP_FAILURE[p.failure].ru} — ${p.cause}`,
  ),
  'provider.http': def(
    { provider: str, call: str, failure: HTTP_FAILURES, detail: str },
    (p) =>
      `${p.provider} ${p.call}: ${HTTP_FAILURE[p.failure].en}${p.detail ? ` — ${p.detail}` : ''}`,
    (p) =>
      `${p.provider} ${p.call}: ${HTTP_FAILURE[p.failure].ru}${p.detail ? ` — ${p.detail}` : ''}`,
  ),
  /**
   * A provider refused a call: `code` is its reason code (shared/reason-codes.ts), `text` main's
   * English for it; `providerCode` and `said` the provider's own number and words, if any.
   */
  'provider.refused': def(
    { provider: str, call: str, code: str, providerCode: str, said: str, text: str },
    (p) => p.text,
    (p) => {
      const meaning = REASON_CODES[p.code]?.ru
      if (!meaning) return p.text
      const own = p.providerCode
        ? ` (код ${p.providerCode}${p.said ? `: ${p.said}` : ''})`
        : p.said
          ? ` (${p.said})`
          : ''
      return `${p.provider}${p.call ? ` ${p.call}` : ''}: ${meaning}${own}`
    },
  ),
  'provider.tooSoon': def(
    { provider: str, call: str, detail: str, seconds: num },
    (p) => `${p.provider} ${p.call}: not sent — ${p.detail}; try again in ${p.seconds} s`,
    (p) =>
      `${p.provider} ${p.call}: не отправлено — провайдер не принимает этот запрос так часто; повторите через ${p.seconds} с`,
  ),

  // Messages.
  // The desktop's taskbar: replies waiting unread.
  'inbox.unreadCount': def(
    { count: num },
    (p) => `${p.count} unread ${p.count === 1 ? 'reply' : 'replies'}`,
    (p) => {
      const form = new Intl.PluralRules('ru-RU').select(p.count)
      const words =
        form === 'one'
          ? 'непрочитанный ответ'
          : form === 'few'
            ? 'непрочитанных ответа'
            : 'непрочитанных ответов'
      return `${p.count} ${words}`
    },
  ),
  // The template library.
  'template.nameTaken': def(
    { name: str },
    (p) => `A template named «${p.name}» exists already: choose another name`,
    (p) => `Шаблон «${p.name}» уже есть: выберите другое название`,
  ),
  'template.notFound': def(
    { id: num },
    (p) => `Template ${p.id} does not exist (deleted in another window?)`,
    (p) => `Шаблона ${p.id} нет (удалён в другом окне?)`,
  ),
  'template.full': def(
    { max: num },
    (p) => `The library holds ${p.max} templates at most: delete one first`,
    (p) => `В библиотеке не больше ${p.max} шаблонов: сначала удалите ненужный`,
  ),
  'message.notFound': def(
    { id: num },
    (p) => `Message ${p.id} does not exist`,
    (p) => `Сообщения ${p.id} нет`,
  ),
  'message.notUncertain': def(
    { id: num, state: MESSAGE_STATES },
    (p) => `Message ${p.id} is ${p.state}, not uncertain`,
    (p) =>
      `Решать нужно только о сообщении в неизвестном состоянии, а сообщение ${p.id} ${MESSAGE_STATE_RU[p.state]}`,
  ),
  'message.notCancellable': def(
    { id: num, state: MESSAGE_STATES },
    (p) => `Only a queued or scheduled message can be cancelled; message ${p.id} is ${p.state}`,
    (p) =>
      `Отменить можно только сообщение в очереди или запланированное; сообщение ${p.id} ${MESSAGE_STATE_RU[p.state]}`,
  ),
  'message.notResendable': def(
    { id: num, state: MESSAGE_STATES },
    (p) =>
      `Only a failed, expired or cancelled message can be sent again; message ${p.id} is ${p.state}`,
    (p) =>
      `Отправить заново можно только не доставленное, просроченное или отменённое сообщение; сообщение ${p.id} ${MESSAGE_STATE_RU[p.state]}`,
  ),
  'message.notReschedulable': def(
    { id: num, state: MESSAGE_STATES },
    (p) => `Only a message not sent yet can be given another time; message ${p.id} is ${p.state}`,
    (p) =>
      `Перенести можно только ещё не отправленное сообщение; сообщение ${p.id} ${MESSAGE_STATE_RU[p.state]}`,
  ),
  'message.scheduleTooFar': def(
    { days: num },
    (p) => `A message can be scheduled at most ${p.days} days ahead`,
    (p) => `Запланировать сообщение можно не дальше чем на ${p.days} дней вперёд`,
  ),
  'message.keyReused': def(
    {},
    () => 'This idempotency key was already used for a different message',
    () => 'Этот ключ идемпотентности уже использован для другого сообщения',
  ),
  'message.typeUnsupported': def(
    { type: TYPE_WORDS },
    (p) => `This profile cannot send a ${TYPE_NAMES[p.type].en} message`,
    (p) => `Этот профиль не отправляет сообщения типа «${TYPE_NAMES[p.type].ru}»`,
  ),
  'message.typeFieldMissing': def(
    { type: TYPE_WORDS, field: ['subject', 'voice', 'bot', 'viberButton', 'viberImageUrl'] },
    (p) =>
      `A ${TYPE_NAMES[p.type].en} message needs ${{ subject: 'a subject', voice: 'a voice', bot: "the bot's name", viberButton: 'a button', viberImageUrl: 'a picture' }[p.field]}`,
    (p) =>
      `Для типа «${TYPE_NAMES[p.type].ru}» нужно указать ${{ subject: 'тему', voice: 'голос', bot: 'имя бота', viberButton: 'кнопку', viberImageUrl: 'картинку' }[p.field]}`,
  ),
  'message.typeTooLong': def(
    { type: TYPE_WORDS, max: num },
    (p) => `A ${TYPE_NAMES[p.type].en} message holds at most ${p.max} characters`,
    (p) => `Сообщение типа «${TYPE_NAMES[p.type].ru}» вмещает не больше ${p.max} символов`,
  ),
  'message.accidentalType': def(
    { prefix: str, type: TYPE_WORDS },
    (p) =>
      `The text starts with ${p.prefix}, which SMSC reads as a ${TYPE_NAMES[p.type].en}, not an SMS: choose that type, or change the start of the text`,
    (p) =>
      `Текст начинается с ${p.prefix}: SMSC примет его как «${TYPE_NAMES[p.type].ru}», а не SMS. Выберите этот тип или измените начало текста`,
  ),
  'message.channelsUnsupported': def(
    { name: str, channels: str },
    (p) => `${p.name} cannot send through ${p.channels}`,
    (p) => `Профиль «${p.name}» не отправляет через ${p.channels}`,
  ),

  // The phone number check (shared/phone.ts).
  'phone.badChars': def(
    {},
    () => 'A phone number may hold only digits, spaces, brackets, dashes and a leading +',
    () => 'Номер телефона может содержать только цифры, пробелы, скобки, дефисы и + в начале',
  ),
  'phone.tooShort': def(
    { phone: str, example: str },
    (p) =>
      `Phone number ${p.phone} is too short: give it in international format, e.g. ${p.example}`,
    (p) =>
      `Номер ${p.phone} слишком короткий: укажите его в международном формате, например ${p.example}`,
  ),
  'phone.excelShortened': def(
    { phone: str },
    (p) =>
      `Excel shortened this number to ${p.phone} and its last digits are lost: format the column as Text in Excel (or save the workbook itself as .xlsx) and import it again`,
    (p) =>
      `Excel сократил номер до ${p.phone}, и его последние цифры потеряны: задайте столбцу формат «Текстовый» в Excel (или сохраните саму книгу в .xlsx) и загрузите файл снова`,
  ),
  'phone.tooLong': def(
    { phone: str },
    (p) => `Phone number ${p.phone} is longer than 15 digits`,
    (p) => `В номере ${p.phone} больше 15 цифр`,
  ),

  // A provider's objection to a message before it is queued (ProviderConnection.check).
  'osonsms.notTajik': def(
    { phone: str },
    (p) => `OsonSMS sends only to Tajik numbers: 992 and 9 digits, not ${p.phone}`,
    (p) => `OsonSMS отправляет только на таджикские номера: 992 и 9 цифр, а не ${p.phone}`,
  ),
  'getsms.notUzbek': def(
    { phone: str },
    (p) => `GETSMS.UZ sends only to Uzbek numbers: 998 and 9 digits, not ${p.phone}`,
    (p) => `GETSMS.UZ отправляет только на узбекские номера: 998 и 9 цифр, а не ${p.phone}`,
  ),
  'smsgate.phone': def(
    { phone: str },
    (p) => `phone ${p.phone} is not an international number (digits only, e.g. 79000000001)`,
    (p) => `Номер ${p.phone} не в международном формате (только цифры, например 79000000001)`,
  ),
  'smsgate.key': def(
    { key: num },
    (p) => `message key ${p.key} is not a positive 31-bit integer`,
    (p) => `Ключ сообщения ${p.key} — не положительное 31-битное целое число`,
  ),
  'smsgate.noChannel': def(
    {},
    () => 'choose at least one channel for the cascade',
    () => 'Выберите хотя бы один канал каскада',
  ),
  'smsgate.channelTwice': def(
    {},
    () => 'a channel appears twice in the cascade order',
    () => 'Канал указан в порядке каскада дважды',
  ),
  'smsgate.unknownChannel': def(
    { channel: str },
    (p) => `smsgate has no channel "${p.channel}"`,
    (p) => `У smsgate нет канала «${p.channel}»`,
  ),
  'smsgate.tooManyChannels': def(
    { max: num },
    (p) => `at most ${p.max} channels can be ordered`,
    (p) => `В каскаде может быть не больше ${p.max} каналов`,
  ),
  'smsgate.textEmpty': def(
    { channel: str },
    (p) => `the ${p.channel} text is empty`,
    (p) => `Текст для ${p.channel} пуст`,
  ),
  'smsgate.textTooLong': def(
    { channel: str, length: num, max: num },
    (p) => `the ${p.channel} text has ${p.length} characters; smsgate allows ${p.max}`,
    (p) => `Текст для ${p.channel} длиной ${p.length} символов, а smsgate допускает ${p.max}`,
  ),
  'smsgate.viberSender': def(
    {},
    () => 'the Viber sender name is required',
    () => 'Укажите имя отправителя Viber',
  ),
  'smsgate.smsSender': def(
    {},
    () => 'the SMS sender is required',
    () => 'Укажите отправителя SMS',
  ),
  'smsgate.vkTemplate': def(
    {},
    () =>
      'VK messages go out only as a VK-approved template: set the VK template id in the profile',
    () => 'Сообщения VK уходят только по одобренному VK шаблону: укажите ID шаблона VK в профиле',
  ),
  'smsgate.buttonNeedsLink': def(
    {},
    () => 'a Viber button needs a link as well as a text',
    () => 'Кнопке Viber нужна не только подпись, но и ссылка',
  ),
  'smsgate.buttonNeedsText': def(
    {},
    () => 'a Viber button needs a text as well as a link',
    () => 'Кнопке Viber нужна не только ссылка, но и подпись',
  ),
  'smsgate.buttonTextTooLong': def(
    { length: num, max: num },
    (p) => `the Viber button text has ${p.length} characters; smsgate allows ${p.max}`,
    (p) => `Подпись кнопки Viber длиной ${p.length} символов, а smsgate допускает ${p.max}`,
  ),
  'smsgate.buttonLink': def(
    { url: str },
    (p) => `the Viber button link "${p.url}" is not an http(s) address`,
    (p) => `Ссылка кнопки Viber «${p.url}» — не адрес http(s)`,
  ),
  'smsgate.imageNeedsButton': def(
    {},
    () => 'a Viber image needs a button (text and link) too',
    () => 'Изображению Viber нужна и кнопка (подпись и ссылка)',
  ),
  'smsgate.imageLink': def(
    { url: str },
    (p) => `the Viber image "${p.url}" is not an http(s) address`,
    (p) => `Адрес изображения Viber «${p.url}» — не адрес http(s)`,
  ),
  'smsgate.validity': def(
    { value: num },
    (p) => `validity ${p.value} is not a whole number of minutes (1 or more)`,
    (p) => `Срок жизни ${p.value} — не целое число минут (нужно 1 или больше)`,
  ),
  'smsgate.badTime': def(
    {},
    () => 'the scheduled time is not a valid date',
    () => 'Время отложенной отправки — не настоящая дата',
  ),
  'smsgate.getCannotSchedule': def(
    {},
    () => "smsgate's GET interface cannot schedule a message: switch the profile to JSON or XML",
    () =>
      'GET-интерфейс smsgate не умеет откладывать отправку: переключите профиль на JSON или XML',
  ),
  'smsgate.timeZone': def(
    { zone: str },
    (p) => `unknown time zone "${p.zone}" in the profile`,
    (p) => `Неизвестный часовой пояс «${p.zone}» в профиле`,
  ),

  // "Check status" (reports.checkStatus).
  'check.noStatus': def(
    { id: num, state: MESSAGE_STATES },
    (p) => `Message ${p.id} is ${p.state}: there is no status to check`,
    (p) => `Сообщение ${p.id} ${MESSAGE_STATE_RU[p.state]}: проверять нечего`,
  ),
  'check.notRunning': def(
    { name: str },
    (p) => `${p.name} is not running, so it cannot be asked`,
    (p) => `Профиль «${p.name}» не запущен, поэтому спросить его нельзя`,
  ),
  'check.noQuery': def(
    { name: str },
    (p) =>
      `${p.name} has no status query: it reports delivery only by the reports it sends on its own. Wait for one, or resend the message or mark it failed.`,
    (p) =>
      `У профиля «${p.name}» нет запроса статуса: о доставке он сообщает только отчётами, которые присылает сам. Дождитесь отчёта либо отправьте сообщение снова или отметьте его как неудачное.`,
  ),
  'check.noId': def(
    { name: str },
    (p) =>
      `${p.name} never gave an id for this message and does not know it by ours, so there is nothing to ask it about. Resend the message or mark it failed.`,
    (p) =>
      `Профиль «${p.name}» не сообщил идентификатор этого сообщения и не знает его по нашему, так что спрашивать не о чем. Отправьте сообщение снова или отметьте его как неудачное.`,
  ),
  'check.failed': def(
    { name: str, cause: str },
    (p) => `${p.name} could not be asked: ${p.cause}`,
    (p) => `Не удалось спросить профиль «${p.name}»: ${p.cause}`,
  ),

  // HLR lookups and dedicated numbers.
  'hlr.unsupported': def(
    { name: str },
    (p) => `${p.name} does not do HLR lookups`,
    (p) => `Профиль «${p.name}» не выполняет HLR-запросы`,
  ),
  'hlr.noPhones': def(
    {},
    () => 'Give at least one phone number',
    () => 'Укажите хотя бы один номер телефона',
  ),
  'numbers.cannotRent': def(
    {},
    () => 'This provider cannot rent numbers',
    () => 'Этот провайдер не сдаёт номера в аренду',
  ),
  'numbers.cannotRenew': def(
    {},
    () => 'This provider cannot change a number’s renewal',
    () => 'Этот провайдер не умеет менять продление номера',
  ),
  'numbers.notRented': def(
    { phone: str },
    (p) => `${p.phone} is not among the numbers rented through this console`,
    (p) => `Номера ${p.phone} нет среди арендованных через эту консоль`,
  ),
  'numbers.gone': def(
    { phone: str },
    (p) => `${p.phone} is no longer in the list`,
    (p) => `Номера ${p.phone} больше нет в списке`,
  ),

  // The provider's own record of what was sent (SMSC export jobs), reconciled with ours.
  'providerFile.unclosedQuote': def(
    { line: num },
    (p) =>
      `The provider's file is malformed: a quoted field opened on line ${p.line} is never closed`,
    (p) => `Файл провайдера повреждён: поле в кавычках, открытое в строке ${p.line}, не закрыто`,
  ),
  'providerFile.fieldCount': def(
    { line: num, found: num, expected: num },
    (p) =>
      `The provider's file is malformed: line ${p.line} has ${p.found} fields, its header names ${p.expected}`,
    (p) =>
      `Файл провайдера повреждён: в строке ${p.line} полей ${p.found}, а в заголовке — ${p.expected}`,
  ),
  'providerFile.noColumn': def(
    { column: EXPORT_REQUIRED, line: num },
    (p) =>
      `The provider's file is malformed: its header (line ${p.line}) names no ${p.column === 'phone' ? 'phone number' : 'status'} column`,
    (p) =>
      `Файл провайдера повреждён: в его заголовке (строка ${p.line}) нет столбца ${p.column === 'phone' ? 'с номером телефона' : 'со статусом'}`,
  ),
  'providerFile.badValue': def(
    { line: num, column: EXPORT_COLUMNS, value: str, want: EXPORT_VALUES },
    (p) =>
      `The provider's file is malformed: on line ${p.line}, ${EXPORT_COLUMN_NAMES[p.column].en} “${p.value}” is not ${EXPORT_VALUE_NAMES[p.want].en}`,
    (p) =>
      `Файл провайдера повреждён: в строке ${p.line} ${EXPORT_COLUMN_NAMES[p.column].ru} «${p.value}» — не ${EXPORT_VALUE_NAMES[p.want].ru}`,
  ),
  'providerFile.tooMany': def(
    { max: num },
    (p) => `The provider's file holds more than ${p.max} messages: export a shorter period`,
    (p) => `В файле провайдера больше ${p.max} сообщений: выгрузите период покороче`,
  ),
  'reconcile.unsupported': def(
    { name: str },
    (p) =>
      `${p.name} cannot export the provider’s record of sent messages (only SMSC HTTP profiles can)`,
    (p) =>
      `Профиль «${p.name}» не умеет выгружать отчёт провайдера об отправленных сообщениях (умеют только HTTP-профили SMSC)`,
  ),
  'reconcile.notRunning': def(
    { name: str },
    (p) => `${p.name} is not running: start it (or save its password) and try again`,
    (p) => `Профиль «${p.name}» не запущен: запустите его (или сохраните пароль) и повторите`,
  ),
  'reconcile.badPeriod': def(
    { from: str, to: str },
    (p) => `The period ${p.from} – ${p.to} ends before it starts`,
    (p) => `Период ${p.from} – ${p.to} заканчивается раньше, чем начинается`,
  ),
  'reconcile.periodTooLong': def(
    { days: num },
    (p) => `A period of at most ${p.days} days can be reconciled at once`,
    (p) => `За один раз можно сверить не больше ${p.days} дней`,
  ),
  'reconcile.futurePeriod': def(
    { from: str },
    (p) => `The period starts in the future (${p.from}): nothing was sent in it yet`,
    (p) => `Период начинается в будущем (${p.from}): в нём ещё ничего не отправлено`,
  ),
  'reconcile.notFound': def(
    { id: num },
    (p) => `There is no reconciliation ${p.id}`,
    (p) => `Сверки ${p.id} нет`,
  ),
  'reconcile.jobGone': def(
    { job: str },
    (p) => `The provider no longer lists its export job ${p.job}`,
    (p) => `Провайдер больше не показывает задание выгрузки ${p.job}`,
  ),
  'reconcile.jobFailed': def(
    { job: str },
    (p) => `The provider says its export job ${p.job} failed: start another one`,
    (p) => `Провайдер сообщает, что задание выгрузки ${p.job} завершилось ошибкой: запустите новое`,
  ),
  'reconcile.jobCancelled': def(
    { job: str },
    (p) => `The provider's export job ${p.job} was cancelled`,
    (p) => `Задание выгрузки ${p.job} отменено у провайдера`,
  ),
  'reconcile.jobUnknownStatus': def(
    { job: str, status: num },
    (p) =>
      `The provider gives its export job ${p.job} a status this console does not know (${p.status})`,
    (p) =>
      `Провайдер указывает у задания выгрузки ${p.job} неизвестный консоли статус (${p.status})`,
  ),
  'reconcile.closed': def(
    { id: num },
    (p) => `Reconciliation ${p.id} is finished: start a new one to ask the provider again`,
    (p) => `Сверка ${p.id} завершена: чтобы снова спросить провайдера, начните новую`,
  ),
  'reconcile.notAdoptable': def(
    { id: num },
    (p) =>
      `Difference ${p.id} is not one whose status can be adopted: only a status the provider gives a message of ours that is uncertain`,
    (p) =>
      `Для расхождения ${p.id} нельзя принять статус провайдера: только для наших сообщений в неизвестном состоянии, о которых провайдер сообщает статус`,
  ),
  'reconcile.notUncertain': def(
    { id: num, state: MESSAGE_STATES },
    (p) => `Message ${p.id} is ${p.state} now, not uncertain: its status was left as it is`,
    (p) =>
      `Сообщение ${p.id} сейчас ${MESSAGE_STATE_RU[p.state]}, а не в неизвестном состоянии: его статус не изменён`,
  ),
  'reconcile.failed': def(
    { cause: str },
    (p) => `Could not reconcile with the provider: ${p.cause}`,
    (p) => `Не удалось сверить с провайдером: ${p.cause}`,
  ),

  // The sandbox's simulator.
  'sandbox.notSandbox': def(
    { name: str },
    (p) => `${p.name} is not a sandbox profile`,
    (p) => `«${p.name}» — не профиль песочницы`,
  ),
  'sandbox.noInbound': def(
    { name: str },
    (p) => `${p.name} has no inbound messages`,
    (p) => `Профиль «${p.name}» не принимает входящие сообщения`,
  ),
  'sandbox.notBound': def(
    {},
    () => 'The sandbox profile is not bound right now',
    () => 'Профиль песочницы сейчас не подключён',
  ),
  'sandbox.noNumberToCall': def(
    { phone: str },
    (p) =>
      `The sandbox gave ${p.phone} no number to call, or its 15 minutes are over: start a verification first`,
    (p) =>
      `Песочница не выдавала номеру ${p.phone} номер для звонка, или его 15 минут истекли: сначала начните подтверждение`,
  ),

  // Number verification by the customer's call.
  'verification.unsupported': def(
    { name: str },
    (p) => `${p.name} cannot verify a number by the customer’s call (only SMSC HTTP profiles can)`,
    (p) =>
      `Профиль «${p.name}» не подтверждает номер звонком клиента (это умеют только профили SMSC по протоколу HTTP)`,
  ),
  'verification.notRunning': def(
    { name: str },
    (p) => `${p.name} is not running: start it (or store its password) to verify a number`,
    (p) =>
      `Профиль «${p.name}» не запущен: запустите его (или сохраните пароль), чтобы подтвердить номер`,
  ),

  // Bulk import: files, checks, batches.
  'import.desktopOnly': def(
    {},
    () => 'Only the desktop app opens files itself: upload it',
    () => 'Открывать файлы сама умеет только настольная версия: загрузите файл',
  ),
  'import.unknownVariables': def(
    { variables: str },
    (p) => `The template uses ${p.variables}, which no column of the file is called`,
    (p) => `В шаблоне есть ${p.variables}, но столбцов с такими названиями в файле нет`,
  ),
  'import.fileBusy': def(
    {},
    () => 'This file is still being read',
    () => 'Этот файл ещё читается',
  ),
  'import.notAnalysed': def(
    {},
    () => 'The file has not been analysed yet',
    () => 'Файл ещё не разобран',
  ),
  'hlr.repeated': def(
    { phone: str },
    (p) => `${p.phone} is already in this list`,
    (p) => `${p.phone} уже есть в этом списке`,
  ),

  // Bulk import: why a row is left out (the number and names are the file's own).
  'row.noNumber': def(
    { column: str },
    (p) => `No number in column ${p.column}`,
    (p) => `Нет номера в столбце ${p.column}`,
  ),
  'row.emptyText': def(
    {},
    () => 'The message text is empty for this row',
    () => 'Текст сообщения для этой строки пуст',
  ),
  'row.missingValue': def(
    { names: str },
    (p) => `No value for ${p.names}`,
    (p) => `Нет значения для ${p.names}`,
  ),
  'row.tooManyParts': def(
    { parts: num, limit: num },
    (p) => `${p.parts} parts; at most ${p.limit} allowed`,
    (p) => `Частей: ${p.parts}, а можно не больше ${p.limit}`,
  ),
  'row.stopListed': def(
    { phone: str },
    (p) => `${p.phone} is on the stop-list`,
    (p) => `${p.phone} в стоп-листе`,
  ),
  'row.duplicate': def(
    { phone: str },
    (p) => `${p.phone} appears earlier in the file`,
    (p) => `${p.phone} уже есть выше в файле`,
  ),
  'import.checkFirst': def(
    {},
    () => 'Check the rows first',
    () => 'Сначала проверьте строки',
  ),
  'upload.finished': def(
    {},
    () => 'This upload is finished',
    () => 'Эта загрузка уже завершена',
  ),
  'upload.outOfOrder': def(
    { expected: num, got: num },
    (p) => `Expected chunk ${p.expected}, got chunk ${p.got}`,
    (p) => `Ожидалась часть ${p.expected}, а пришла часть ${p.got}`,
  ),
  'upload.tooManyBytes': def(
    { size: num },
    (p) => `More bytes than the ${p.size} announced`,
    (p) => `Байт больше, чем было объявлено (${p.size})`,
  ),
  'upload.incomplete': def(
    { received: num, size: num },
    (p) => `Received ${p.received} of ${p.size} bytes`,
    (p) => `Получено ${p.received} из ${p.size} байт`,
  ),
  'upload.notAFile': def(
    {},
    () => 'Not a file',
    () => 'Это не файл',
  ),
  'upload.notFound': def(
    {},
    () => 'No such upload (it may have been discarded)',
    () => 'Такой загрузки нет (возможно, она уже удалена)',
  ),
  'upload.notFinished': def(
    {},
    () => 'The upload has not finished yet',
    () => 'Загрузка ещё не закончилась',
  ),
  'upload.tooMany': def(
    {},
    () => 'Too many files are being read at once',
    () => 'Слишком много файлов читается одновременно',
  ),
  'workbook.unreadable': def(
    { reason: str },
    (p) => `This file is not a readable Excel workbook (.xlsx): ${p.reason}`,
    (p) => `Этот файл не читается как книга Excel (.xlsx): ${p.reason}`,
  ),
  'workbook.noSheets': def(
    {},
    () => 'This workbook has no sheets with rows',
    () => 'В этой книге нет листов со строками',
  ),
  'workbook.tooManyRows': def(
    { sheet: str },
    (p) => `Sheet “${p.sheet}” has more rows than Excel allows (1,048,576)`,
    (p) => `На листе «${p.sheet}» больше строк, чем допускает Excel (1 048 576)`,
  ),
  'workbook.oldExcel': def(
    {},
    () =>
      'This is an Excel 97–2003 workbook (.xls): save it in Excel as .xlsx or CSV and open that',
    () => 'Это книга Excel 97–2003 (.xls): сохраните её в Excel как .xlsx или CSV и откройте снова',
  ),
  'workbook.noSuchSheet': def(
    { sheet: num },
    (p) => `This workbook has no sheet ${p.sheet}`,
    (p) => `В этой книге нет листа ${p.sheet}`,
  ),
  'workbook.notExcel': def(
    {},
    () => 'This is a ZIP archive but no Excel workbook (.xlsx)',
    () => 'Это ZIP-архив, но не книга Excel (.xlsx)',
  ),
  'quiet.outside': def(
    { local: str, from: str, to: str },
    (p) =>
      `It is ${p.local} where this number is: outside the profile's quiet hours (messages go from ${p.from} to ${p.to} of the recipient's time)`,
    (p) =>
      `У получателя сейчас ${p.local}: это вне тихих часов профиля (сообщения уходят с ${p.from} до ${p.to} по времени получателя)`,
  ),
  'group.notFound': def(
    { id: num },
    (p) => `No group ${p.id}: it was deleted`,
    (p) => `Группы ${p.id} нет: её удалили`,
  ),
  'group.nameTaken': def(
    { name: str },
    (p) => `A group named “${p.name}” exists already`,
    (p) => `Группа «${p.name}» уже есть`,
  ),
  'export.idTaken': def(
    {},
    () => 'An export with this id is already being written',
    () => 'Выгрузка с таким номером уже пишется',
  ),
  'export.notFound': def(
    {},
    () => 'No such export: it was saved or discarded already',
    () => 'Такой выгрузки нет: она уже сохранена или отменена',
  ),
  'export.notWritten': def(
    {},
    () => 'The export is still being written',
    () => 'Выгрузка ещё пишется',
  ),
  'export.discarded': def(
    {},
    () => 'The export was cancelled',
    () => 'Выгрузка отменена',
  ),
  'export.tooMany': def(
    {},
    () => 'Too many exports are being written at once',
    () => 'Слишком много выгрузок пишется одновременно',
  ),
  'export.workbookOnly': def(
    {},
    () =>
      'Delivery reports export as an Excel workbook only: a sheet each, where CSV holds one table',
    () =>
      'Отчёты о доставке выгружаются только в Excel: каждый на своём листе, а CSV вмещает одну таблицу',
  ),
  'csv.unclosedQuote': def(
    { line: num },
    (p) => `A quoted field opened on line ${p.line} is never closed`,
    (p) => `Поле в кавычках, открытое в строке ${p.line}, так и не закрыто`,
  ),
  'csv.fieldTooLong': def(
    { line: num, max: num },
    (p) =>
      `A field starting on line ${p.line} is longer than ${p.max} characters (an unclosed quote?)`,
    (p) => `Поле, начатое в строке ${p.line}, длиннее ${p.max} символов (незакрытая кавычка?)`,
  ),
  'batch.notFound': def(
    { id: num },
    (p) => `No batch ${p.id}`,
    (p) => `Рассылки ${p.id} нет`,
  ),
  'batch.notRunning': def(
    { id: num, state: BATCH_STATES },
    (p) => `Batch ${p.id} is ${p.state}: only a running batch can pause`,
    (p) =>
      `Рассылка ${p.id} ${BATCH_STATE_RU[p.state]}: приостановить можно только идущую рассылку`,
  ),
  'batch.notPaused': def(
    { id: num, state: BATCH_STATES },
    (p) => `Batch ${p.id} is ${p.state}: only a paused batch can resume`,
    (p) =>
      `Рассылка ${p.id} ${BATCH_STATE_RU[p.state]}: продолжить можно только приостановленную рассылку`,
  ),
  'batch.nothingToCancel': def(
    { id: num, state: BATCH_STATES },
    (p) => `Batch ${p.id} is ${p.state}: nothing left to cancel`,
    (p) => `Рассылка ${p.id} ${BATCH_STATE_RU[p.state]}: отменять нечего`,
  ),
  'batch.nothingToResend': def(
    { id: num },
    (p) =>
      `Batch ${p.id} has no failed or expired message left to send again (each is sent again once, never to a number on the stop-list)`,
    (p) =>
      `В рассылке ${p.id} не осталось недоставленных или просроченных сообщений, которые можно отправить заново (каждое отправляется заново один раз и никогда — на номер из стоп-листа)`,
  ),
  'import.notResumable': def(
    { id: num },
    (p) => `Batch ${p.id}'s import did not break off: there is nothing to resume`,
    (p) => `Импорт рассылки ${p.id} не прерывался: продолжать нечего`,
  ),
  'import.otherFile': def(
    { id: num },
    (p) =>
      `This is not the file batch ${p.id} was imported from (its contents differ): open that file`,
    (p) =>
      `Это не тот файл, из которого импортирована рассылка ${p.id} (содержимое отличается): откройте тот файл`,
  ),
  'import.sourceGone': def(
    { id: num },
    (p) =>
      `The file batch ${p.id} was imported from is gone: open the same file again and resume with it`,
    (p) =>
      `Файла, из которого импортирована рассылка ${p.id}, больше нет: откройте тот же файл снова и продолжите с ним`,
  ),
  'import.sourceChanged': def(
    { id: num },
    (p) =>
      `The file batch ${p.id} was imported from has changed since: open the original file again and resume with it`,
    (p) =>
      `Файл, из которого импортирована рассылка ${p.id}, с тех пор изменился: откройте исходный файл снова и продолжите с ним`,
  ),
  // ─── a team server's users ──────────────────────────────────────────────────
  'team.serverOnly': def(
    {},
    () =>
      'Users and the audit trail are kept by a team server: this console works on its own, with no users',
    () =>
      'Пользователи и журнал действий есть только на командном сервере: эта консоль работает сама по себе, без пользователей',
  ),
  'user.notFound': def(
    { name: str },
    (p) => `There is no user named ${p.name}`,
    (p) => `Пользователя ${p.name} нет`,
  ),
  'user.nameTaken': def(
    { name: str },
    (p) => `There is a user named ${p.name} already`,
    (p) => `Пользователь ${p.name} уже есть`,
  ),
  'user.badName': def(
    { max: num },
    (p) =>
      `A user name is at most ${p.max} characters: letters and digits, with . _ - @ between them, and no spaces`,
    (p) =>
      `Имя пользователя — не больше ${p.max} символов: буквы и цифры, между ними . _ - @, без пробелов`,
  ),
  'user.lastAdministrator': def(
    { name: str },
    (p) => `${p.name} is the only administrator: make another one first`,
    (p) => `${p.name} — единственный администратор: сначала назначьте другого`,
  ),
  'password.empty': def(
    {},
    () => 'Choose a password: it is empty',
    () => 'Задайте пароль: он пустой',
  ),
  'password.long': def(
    { max: num },
    (p) => `Choose another password: it is longer than ${p.max} characters`,
    (p) => `Выберите другой пароль: он длиннее ${p.max} символов`,
  ),
  'password.spaces': def(
    {},
    () => 'Choose another password: it is only spaces',
    () => 'Выберите другой пароль: он состоит из одних пробелов',
  ),
  'password.short': def(
    { min: num },
    (p) => `Choose another password: it is shorter than ${p.min} characters`,
    (p) => `Выберите другой пароль: он короче ${p.min} символов`,
  ),
  'password.isName': def(
    {},
    () => 'Choose another password: it is the user name',
    () => 'Выберите другой пароль: он совпадает с именем пользователя',
  ),
  // ─── the disk under the data folder ──────────────────────────────────────────
  'storage.full': def(
    {},
    () =>
      "The disk holding the console's data is full: nothing was changed. Free some space and try again.",
    () => 'Диск с данными консоли заполнен: ничего не изменено. Освободите место и повторите.',
  ),
  'storage.failing': def(
    {},
    () =>
      'The console cannot write to its data folder (read-only or failing disk): nothing was changed.',
    () =>
      'Консоль не может записать в папку данных (диск только для чтения или неисправен): ничего не изменено.',
  ),
  'storage.busy': def(
    {},
    () =>
      "The console's database is held by another connection longer than a write waits for it: nothing was changed. Try again in a moment.",
    () =>
      'База данных консоли занята другим соединением дольше, чем запись ждёт её: ничего не изменено. Повторите через минуту.',
  ),
  // ─── the console's link to a team server ─────────────────────────────────────
  'link.badUrl': def(
    {},
    () => "Write the team server's address as https://host:port (an address the office gave you)",
    () => 'Укажите адрес командного сервера в виде https://хост:порт (адрес, который дали в офисе)',
  ),
  'link.unreachable': def(
    { url: str, cause: str },
    (p) => `The team server at ${p.url} cannot be reached: ${p.cause}`,
    (p) => `Командный сервер ${p.url} недоступен: ${p.cause}`,
  ),
  'link.offline': def(
    { url: str },
    (p) =>
      `The team server at ${p.url} does not answer: until it is back, only new sends are taken, kept here and handed over then`,
    (p) =>
      `Командный сервер ${p.url} не отвечает: пока он не вернётся, принимаются только новые отправки — они хранятся здесь и будут переданы ему`,
  ),
  'link.lost': def(
    { url: str },
    (p) =>
      `The connection to the team server at ${p.url} broke before it answered: the change may have been made, so look before trying again`,
    (p) =>
      `Связь с командным сервером ${p.url} оборвалась до ответа: изменение могло быть выполнено, проверьте, прежде чем повторять`,
  ),
  'link.signedOut': def(
    { url: str },
    (p) => `Your session on the team server at ${p.url} has ended: sign in again`,
    (p) => `Сеанс на командном сервере ${p.url} завершён: войдите снова`,
  ),
  'link.badCredentials': def(
    {},
    () => 'Wrong user name or password',
    () => 'Неверное имя пользователя или пароль',
  ),
  'link.rateLimited': def(
    { seconds: num },
    (p) => `Too many failed sign-ins: try again in ${p.seconds} s`,
    (p) => `Слишком много неудачных попыток входа: повторите через ${p.seconds} с`,
  ),
  'link.disabled': def(
    { user: str },
    (p) => `The user ${p.user} is disabled on the team server: ask its administrator`,
    (p) => `Пользователь ${p.user} отключён на командном сервере: обратитесь к администратору`,
  ),
  'link.serverRefused': def(
    { status: num },
    (p) => `The team server refused the sign-in (HTTP ${p.status})`,
    (p) => `Командный сервер отказал во входе (HTTP ${p.status})`,
  ),
  'link.certificateChanged': def(
    { url: str, was: str, now: str },
    (p) =>
      `The certificate of ${p.url} has changed: it was ${p.was}, it is now ${p.now}. Someone may be intercepting the connection: nothing was sent. Ask the server's administrator whether they renewed it before accepting the new one.`,
    (p) =>
      `Сертификат сервера ${p.url} изменился: был ${p.was}, теперь ${p.now}. Возможно, соединение перехвачено: ничего не отправлено. Прежде чем принять новый, спросите администратора сервера, обновлял ли он сертификат.`,
  ),
  'link.sendsWaiting': def(
    { count: num, url: str },
    (p) =>
      `${p.count} send(s) still wait for the team server at ${p.url}: wait until they are handed over, or drop them`,
    (p) =>
      `Отправок, ожидающих командный сервер ${p.url}: ${p.count}. Дождитесь их передачи или откажитесь от них`,
  ),
  'link.notHere': def(
    {},
    () => 'A team server does not connect to another team server',
    () => 'Командный сервер не подключается к другому командному серверу',
  ),
}

export type PhraseId = keyof typeof PHRASES
export type PhraseParams<K extends PhraseId> = Parameters<(typeof PHRASES)[K]['en']>[0]

/** The params argument, optional for a phrase that names nothing. */
export type ParamsArg<K extends PhraseId> =
  Record<string, never> extends PhraseParams<K>
    ? [params?: PhraseParams<K>]
    : [params: PhraseParams<K>]

export function isPhraseId(id: unknown): id is PhraseId {
  return typeof id === 'string' && Object.prototype.hasOwnProperty.call(PHRASES, id)
}

/** A phrase as it travels: its id and values (and the phrase of its cause). */
export function phrase<K extends PhraseId>(id: K, ...args: ParamsArg<K>): PhraseRef {
  return { id, params: (args[0] ?? {}) as PhraseRef['params'] }
}

/** A phrase reporting a failure whose own phrase is `cause`, in that phrase's `cause` param. */
export function withCause(ref: PhraseRef, cause: PhraseRef | null | undefined): PhraseRef {
  return cause ? { ...ref, cause: { id: cause.id, params: cause.params } } : ref
}

/** Main's English for a phrase it builds (the id and values are its own, so they are right). */
export function english<K extends PhraseId>(id: K, ...args: ParamsArg<K>): string {
  const entry = PHRASES[id] as unknown as PhraseDef<unknown>
  return entry.en(args[0] ?? {})
}

/** The English of a phrase built with phrase() (its id as a last resort, never a throw). */
export function englishOf(ref: PhraseRef): string {
  return phraseText(ref, 'en') ?? ref.id
}

/**
 * A phrase from main in `lang`, or null when it cannot be worded: an id this version does not
 * know, or values that do not fit it (an older or a misbehaving main). Never throws.
 */
export function phraseText(ref: unknown, lang: PhraseLang): string | null {
  const parsed = asPhraseRef(ref)
  if (!parsed) return null
  const { id, params, cause } = parsed
  let values: Record<string, string | number> = params
  if (cause) {
    const said = render(cause.id, cause.params, lang)
    if (said !== null) values = { ...params, cause: said }
  }
  return render(id, values, lang)
}

function render(id: string, params: unknown, lang: PhraseLang): string | null {
  if (!isPhraseId(id)) return null
  const entry = PHRASES[id] as unknown as PhraseDef<unknown>
  const checked = check(entry.shape, params)
  if (!checked) return null
  try {
    const text = lang === 'ru' ? entry.ru(checked) : entry.en(checked)
    return typeof text === 'string' && text !== '' ? text : null
  } catch {
    return null
  }
}

/** A phrase as PhraseRefSchema (domain.ts) reads it, checked by hand: the renderer has no zod. */
function asPhraseRef(ref: unknown): PhraseRef | null {
  const one = (r: unknown): { id: string; params: Record<string, string | number> } | null => {
    if (typeof r !== 'object' || r === null) return null
    const { id, params } = r as { id?: unknown; params?: unknown }
    if (typeof id !== 'string' || id.length > 64) return null
    if (typeof params !== 'object' || params === null || Array.isArray(params)) return null
    for (const [k, v] of Object.entries(params)) {
      if (k.length > 64 || (typeof v !== 'string' && typeof v !== 'number')) return null
    }
    return { id, params: params as Record<string, string | number> }
  }
  const head = one(ref)
  if (!head) return null
  const cause = (ref as { cause?: unknown }).cause
  if (cause === undefined) return head
  const c = one(cause)
  return c ? { ...head, cause: c } : null
}
