/** Strings of the bulk import screen, English and Russian with the same keys. */
import { REJECT_REASON_NAMES, type RejectReason } from '../../../shared/constants'
import { useLang } from '../../stores/lang'
import { plural } from '../../plural'
import { formatNumber } from '../../format'

type Reasons = Record<RejectReason, string>

const en = {
  title: 'Bulk import',
  source: 'File',
  sourceHint:
    'An Excel workbook (.xlsx), or a CSV from Excel or any table: Windows-1251, UTF-8 or UTF-16; separated by ;, comma or tab.',
  file: 'Excel or CSV file',
  openFile: 'Open an Excel or CSV file…',
  openFileTitle: 'Choose the Excel or CSV file to send',
  paste: 'Or paste rows',
  usePaste: 'Use pasted rows',
  /** What main calls a pasted file; shown in the operator's language. */
  pasted: 'pasted text',
  uploading: 'Uploading…',
  uploadProgress: 'Upload progress',
  analysing: 'Reading the file…',
  newImport: 'Start over',
  format: 'Format',
  encoding: 'Encoding',
  delimiter: 'Delimiter',
  delimiters: { ';': 'Semicolon ;', ',': 'Comma ,', '\t': 'Tab' } as Record<string, string>,
  header: 'First row is a header',
  sheet: 'Sheet',
  sheetOption: (name: string, rows: number, hidden: boolean) =>
    `${name} (${formatNumber(rows, 'en')} ${plural('en', rows, { one: 'row', other: 'rows' })}${hidden ? ', hidden' : ''})`,
  rowsIn: (n: number, name: string) =>
    `${formatNumber(n, 'en')} ${plural('en', n, { one: 'row', other: 'rows' })} in ${name}`,
  fileRows: 'First rows of the file',
  line: 'Line',
  mapping: 'Message',
  profile: 'Provider profile',
  sender: 'Sender',
  phoneColumn: 'Phone column',
  template: 'Message template',
  templateHint: 'Variables: #column# or {column}, e.g.',
  insert: (v: string) => `Insert ${v}`,
  maxParts: 'Most parts per message',
  schedule: 'Send at (optional)',
  preview: 'Preview',
  previewPhone: 'Phone',
  previewText: 'Text',
  previewParts: 'Parts',
  unknownVars: (vs: string) => `No column is called ${vs}`,
  check: 'Check rows',
  checking: 'Checking rows…',
  checkProgress: 'Checking progress',
  summary: 'Summary',
  recipients: 'Recipients',
  rejected: 'Rejected rows',
  totalParts: 'Total parts',
  cost: 'Estimated cost',
  costUnknown: 'The provider states no prices in advance: the cost is unknown',
  costEstimate: (amount: string, per: string, n: number) =>
    `≈ ${amount} (${per} per part, ${plural('en', n, { one: 'from the last priced message', other: `from the last ${n} priced messages` })})`,
  costAsked: (amount: string, per: string) =>
    `${amount} (${per} per part on average, the provider’s own prices for these numbers, asked without sending)`,
  costUnpriced: (parts: number) =>
    `${formatNumber(parts, 'en')} ${plural('en', parts, { one: 'part goes', other: 'parts go' })} where no price is known: not counted.`,
  destinations: 'Cost by destination',
  destination: 'Destination',
  destOther: 'Other destinations',
  destPerPart: 'Per part',
  destAmount: 'Cost',
  destSource: 'Price',
  destFromProvider: 'named by the provider',
  destFromReports: (n: number) =>
    `from ${formatNumber(n, 'en')} recent ${plural('en', n, { one: 'report', other: 'reports' })}`,
  destFromProfile: (n: number) =>
    `the profile’s average of ${formatNumber(n, 'en')} ${plural('en', n, { one: 'report', other: 'reports' })}`,
  destUnknown: 'unknown',
  via: 'Provider and sender',
  sendAt: 'Send',
  now: 'Now',
  reasons: 'Reasons',
  reasonNames: REJECT_REASON_NAMES.en as Reasons,
  rejectedRows: 'Rejected rows',
  reason: 'Reason',
  detail: 'Detail',
  shownOf: (shown: number, all: number) => `The first ${shown} of ${all}`,
  download: 'Download rejected rows (CSV)',
  send: (n: number) =>
    `Send to ${formatNumber(n, 'en')} ${plural('en', n, { one: 'recipient', other: 'recipients' })}`,
  nothingToSend: 'No row can be sent',
  batch: 'Batch',
  colId: '#',
  queueProgress: 'Queueing progress',
  queueing: (done: number, total: string) => `Queueing: ${formatNumber(done, 'en')} of ${total}`,
  counters: {
    queued: 'Queued',
    sent: 'Sent',
    delivered: 'Delivered',
    failed: 'Failed',
    uncertain: 'Uncertain',
    cancelled: 'Cancelled',
  } as Record<string, string>,
  states: {
    running: 'Sending',
    paused: 'Paused',
    cancelled: 'Cancelled',
    done: 'Done',
  } as Record<string, string>,
  importStates: {
    importing: 'Queueing rows',
    done: 'All rows queued',
    interrupted: 'Queueing was interrupted',
    cancelled: 'Queueing cancelled',
    failed: 'Queueing failed',
  } as Record<string, string>,
  waitingDisk: (rows: string, since: string) =>
    `The disk is full: ${rows} rows wait to be queued (since ${since}). They are queued by themselves once space is freed.`,
  waitingFailing: (rows: string, since: string) =>
    `The console cannot write to its data folder: ${rows} rows wait to be queued (since ${since}).`,
  waitingBusy: (rows: string, since: string) =>
    `The database is held by another connection: ${rows} rows wait to be queued (since ${since}). They are queued by themselves once it is free.`,
  skipped: (n: string) => `${n} rows skipped: an earlier import of this file had queued them`,
  canaryOn: 'Send to the first recipients first (a canary)',
  canaryFirst: 'First recipients',
  canaryFail: 'Pause if more than this % fail',
  canaryThrottle: 'Pause if the provider throttles more than this % (empty: never)',
  canaryTests: 'Test numbers (optional, one per line)',
  canaryHint:
    'The rest wait until every first message has an outcome; then they go, or the batch pauses itself. Afterwards the batch pauses itself whenever failures pass the same share.',
  canaryTesting: (n: number) =>
    `Canary: the first ${formatNumber(n, 'en')} go first; the rest wait for their outcome.`,
  canaryWatching: (failed: number, outcomes: number, pct: number) =>
    `Canary passed: ${formatNumber(failed, 'en')} of ${formatNumber(outcomes, 'en')} failed. The rest go; the batch pauses itself past ${pct}% failed.`,
  canaryPaused: (failed: number, outcomes: number, pct: number) =>
    `Paused by its canary: ${formatNumber(failed, 'en')} of ${formatNumber(outcomes, 'en')} failed, more than ${pct}%. Resume to send the rest anyway.`,
  canaryThrottled: (throttled: number, out: number, pct: number) =>
    `Paused by its canary: the provider throttled ${formatNumber(throttled, 'en')} of ${formatNumber(out, 'en')} ${plural('en', out, { one: 'message', other: 'messages' })} sent, more than ${pct}% — it is taking them slower than they go. Resume to send the rest anyway, or lower the profile’s rate first.`,
  held: (n: number) =>
    `${formatNumber(n, 'en')} ${plural('en', n, { one: 'message waits', other: 'messages wait' })} for the recipients’ quiet hours to end: they go out when the profile’s window opens where each recipient is.`,
  interruptedHint:
    'The console stopped while this file was being queued. The rows queued before it stopped are sending; resume the import to queue the rest. Rows already queued are not queued again.',
  resumeImport: 'Resume the import',
  earlier: (id: number, name: string, date: string, n: string) =>
    `This file was imported before: batch #${id} (${name}) on ${date}, ${n} messages.`,
  earlierInterrupted: 'Its import was interrupted.',
  resumeBatch: (id: number) => `Resume batch #${id} with this file`,
  alreadyQueued: (n: string) =>
    `${n} of these numbers already got this message from an earlier import of this file: they are skipped.`,
  repeat: 'Send to them again anyway',
  optOutReply: 'Answer to an opt-out',
  optOutReplyHint:
    'A reply that means stop (“стоп”, “stop”, “отписаться” …) puts its number on the stop-list. The console can also answer it once, from the number the customer wrote to.',
  optOutReplyOn: 'Answer who opts out',
  optOutPerProfile:
    'An opt-out stops messages through the profile it came in on only (else through every profile)',
  optOutReplyText: 'The answer',
  optOutReplyDefault: 'You are unsubscribed and will get no more messages from us.',
  optOutReplySave: 'Save',
  optOutReplySaved: 'Saved: who opts out gets this answer.',
  optOutReplyOff: 'Saved: who opts out gets no answer.',
  localNumbers: (n: number, country: string, written: string, phone: string) =>
    `${formatNumber(n, 'en')} ${plural('en', n, { one: 'number was', other: 'numbers were' })} written the local way and read as numbers of ${country}: ${written} → +${phone}.`,
  notMobile: (n: number, example: string) =>
    `${formatNumber(n, 'en')} ${plural('en', n, { one: 'number is', other: 'numbers are' })} not mobile by the numbering plan (a landline, a toll-free number; +${example} for one): an SMS may never reach ${plural('en', n, { one: 'it', other: 'them' })}.`,
  pause: 'Pause',
  resume: 'Resume',
  cancel: 'Cancel the rest',
  confirmCancel: 'Cancel every message of this batch not yet sent?',
  recent: 'Recent batches',
  stateCol: 'State',
  sentAs: (id: number) => `Queued as batch #${id}`,
  noBatches: 'No batches yet.',
  show: (name: string) => `Show ${name}`,
  stopList: 'Stop-list',
  stopHint: 'Numbers that opted out. Bulk sends skip them.',
  stopNumbers: 'Numbers to add, one per line',
  stopAdd: 'Add to stop-list',
  stopAdded: (n: number) =>
    `${formatNumber(n, 'en')} ${plural('en', n, { one: 'number', other: 'numbers' })} added`,
  stopFromFile: 'Add the phone column of this file to the stop-list',
  confirmStopFromFile: (rows: number, column: string) =>
    `Add the numbers of all ${formatNumber(rows, 'en')} ${plural('en', rows, { one: 'row', other: 'rows' })} of the column “${column}” to the stop-list? No bulk message will go to them.`,
  stopFromFileDone: (added: number, invalid: number) =>
    `${formatNumber(added, 'en')} ${plural('en', added, { one: 'number', other: 'numbers' })} added, ${formatNumber(invalid, 'en')} ${plural('en', invalid, { one: 'row', other: 'rows' })} without a valid number`,
  stopSearch: 'Search the stop-list',
  stopEmpty: 'The stop-list is empty.',
  stopTotal: (n: number) =>
    `${formatNumber(n, 'en')} ${plural('en', n, { one: 'number', other: 'numbers' })}`,
  stopRemove: (p: string, scope: string) => `Remove ${p} (${scope}) from the stop-list`,
  stopAppliesTo: 'Applies to',
  stopEveryProfile: 'All profiles',
  stopShown: 'Show entries for',
  stopAnyScope: 'Any profile',
  stopClearAll: 'Clear the list…',
  stopClearFound: 'Take the numbers found off…',
  confirmStopClear: (n: number, query: string, scope: string | null) =>
    (query
      ? `Take the ${formatNumber(n, 'en')} ${plural('en', n, { one: 'number', other: 'numbers' })} starting with ${query}`
      : `Take all ${formatNumber(n, 'en')} ${plural('en', n, { one: 'number', other: 'numbers' })}`) +
    (scope ? ` for ${scope}` : '') +
    ' off the stop-list? Bulk messages will reach them again. You can undo it.',
  stopClearYes: 'Take them off',
  stopClearNo: 'Keep them',
  stopCleared: (n: number) =>
    `${formatNumber(n, 'en')} ${plural('en', n, { one: 'number', other: 'numbers' })} taken off the stop-list.`,
  undo: 'Undo',
  stopRestored: (n: number) =>
    `${formatNumber(n, 'en')} ${plural('en', n, { one: 'number is', other: 'numbers are' })} back on the stop-list.`,
  remove: 'Remove',
  note: 'Note',
  added: 'Added',
  loading: 'Loading…',
  error: (m: string) => `Error: ${m}`,
}

const ru: typeof en = {
  title: 'Массовая рассылка',
  source: 'Файл',
  sourceHint:
    'Книга Excel (.xlsx) или CSV из Excel или любой таблицы: Windows-1251, UTF-8 или UTF-16; разделитель ;, запятая или табуляция.',
  file: 'Файл Excel или CSV',
  openFile: 'Открыть файл Excel или CSV…',
  openFileTitle: 'Выберите файл Excel или CSV для рассылки',
  paste: 'Или вставьте строки',
  usePaste: 'Взять вставленные строки',
  pasted: 'вставленные строки',
  uploading: 'Загрузка…',
  uploadProgress: 'Ход загрузки',
  analysing: 'Читаем файл…',
  newImport: 'Начать заново',
  format: 'Формат',
  encoding: 'Кодировка',
  delimiter: 'Разделитель',
  delimiters: { ';': 'Точка с запятой ;', ',': 'Запятая ,', '\t': 'Табуляция' },
  header: 'Первая строка — заголовок',
  sheet: 'Лист',
  sheetOption: (name: string, rows: number, hidden: boolean) =>
    `${name} (${formatNumber(rows, 'ru')} ${plural('ru', rows, { one: 'строка', few: 'строки', many: 'строк', other: 'строки' })}${hidden ? ', скрыт' : ''})`,
  rowsIn: (n: number, name: string) =>
    `${formatNumber(n, 'ru')} ${plural('ru', n, { one: 'строка', few: 'строки', many: 'строк', other: 'строки' })} в ${name}`,
  fileRows: 'Первые строки файла',
  line: 'Строка',
  mapping: 'Сообщение',
  profile: 'Профиль провайдера',
  sender: 'Отправитель',
  phoneColumn: 'Столбец с телефоном',
  template: 'Шаблон сообщения',
  templateHint: 'Переменные: #столбец# или {столбец}, например',
  insert: (v: string) => `Вставить ${v}`,
  maxParts: 'Не больше частей на сообщение',
  schedule: 'Отправить в (необязательно)',
  preview: 'Предпросмотр',
  previewPhone: 'Телефон',
  previewText: 'Текст',
  previewParts: 'Частей',
  unknownVars: (vs: string) => `Нет столбца с именем ${vs}`,
  check: 'Проверить строки',
  checking: 'Проверяем строки…',
  checkProgress: 'Ход проверки',
  summary: 'Итог',
  recipients: 'Получателей',
  rejected: 'Отклонено строк',
  totalParts: 'Всего частей',
  cost: 'Примерная стоимость',
  costUnknown: 'Провайдер не сообщает цены заранее: стоимость неизвестна',
  costEstimate: (amount: string, per: string, n: number) =>
    `≈ ${amount} (${per} за часть, ${plural('ru', n, { one: `по последнему ${n} сообщению`, other: `по последним ${n} сообщениям` })} с ценой)`,
  costAsked: (amount: string, per: string) =>
    `${amount} (в среднем ${per} за часть — цены самого провайдера для этих номеров, запрошены без отправки)`,
  costUnpriced: (parts: number) =>
    `${plural('ru', parts, { one: 'Часть', few: 'Части', other: 'Частей' })} без известной цены: ${formatNumber(parts, 'ru')} — не учтены.`,
  destinations: 'Стоимость по направлениям',
  destination: 'Направление',
  destOther: 'Прочие направления',
  destPerPart: 'За часть',
  destAmount: 'Стоимость',
  destSource: 'Цена',
  destFromProvider: 'названа провайдером',
  destFromReports: (n: number) => `по недавним отчётам: ${formatNumber(n, 'ru')}`,
  destFromProfile: (n: number) => `средняя по профилю, отчётов: ${formatNumber(n, 'ru')}`,
  destUnknown: 'неизвестна',
  via: 'Провайдер и отправитель',
  sendAt: 'Отправка',
  now: 'Сейчас',
  reasons: 'Причины',
  reasonNames: REJECT_REASON_NAMES.ru,
  rejectedRows: 'Отклонённые строки',
  reason: 'Причина',
  detail: 'Подробности',
  shownOf: (shown: number, all: number) => `Первые ${shown} из ${all}`,
  download: 'Скачать отклонённые строки (CSV)',
  send: (n: number) =>
    `Отправить ${formatNumber(n, 'ru')} ${plural('ru', n, { one: 'получателю', other: 'получателям' })}`,
  nothingToSend: 'Ни одну строку нельзя отправить',
  batch: 'Рассылка',
  colId: '№',
  queueProgress: 'Ход постановки в очередь',
  queueing: (done: number, total: string) =>
    `Ставим в очередь: ${formatNumber(done, 'ru')} из ${total}`,
  counters: {
    queued: 'В очереди',
    sent: 'Отправлено',
    delivered: 'Доставлено',
    failed: 'Ошибка',
    uncertain: 'Неясно',
    cancelled: 'Отменено',
  },
  states: {
    running: 'Идёт отправка',
    paused: 'Приостановлена',
    cancelled: 'Отменена',
    done: 'Завершена',
  },
  importStates: {
    importing: 'Строки ставятся в очередь',
    done: 'Все строки в очереди',
    interrupted: 'Постановка в очередь прервана',
    cancelled: 'Постановка в очередь отменена',
    failed: 'Постановка в очередь не удалась',
  },
  waitingDisk: (rows: string, since: string) =>
    `Диск заполнен: строк ждут постановки в очередь: ${rows} (с ${since}). Они встанут в очередь сами, когда место освободится.`,
  waitingFailing: (rows: string, since: string) =>
    `Консоль не может записать в папку данных: строк ждут постановки в очередь: ${rows} (с ${since}).`,
  waitingBusy: (rows: string, since: string) =>
    `База данных занята другим соединением: строк ждут постановки в очередь: ${rows} (с ${since}). Они встанут в очередь сами, когда она освободится.`,
  skipped: (n: string) =>
    `Пропущено строк: ${n} — их уже поставил в очередь прежний импорт этого файла`,
  canaryOn: 'Сначала отправить первым получателям (пробная отправка)',
  canaryFirst: 'Первые получатели',
  canaryFail: 'Остановить, если не доставлено больше %',
  canaryThrottle: 'Остановить, если провайдер притормаживает больше % (пусто — никогда)',
  canaryTests: 'Тестовые номера (необязательно, по одному в строке)',
  canaryHint:
    'Остальные ждут, пока у каждого первого сообщения не будет итога; затем уходят, или рассылка сама встаёт на паузу. Дальше рассылка сама встаёт на паузу, как только доля недоставленных превысит ту же границу.',
  canaryTesting: (n: number) =>
    `Пробная отправка: сначала первые ${formatNumber(n, 'ru')}; остальные ждут их итога.`,
  canaryWatching: (failed: number, outcomes: number, pct: number) =>
    `Пробная отправка прошла: не доставлено ${formatNumber(failed, 'ru')} из ${formatNumber(outcomes, 'ru')}. Остальные уходят; рассылка сама встанет на паузу, если не доставлено больше ${pct}%.`,
  canaryPaused: (failed: number, outcomes: number, pct: number) =>
    `Остановлена пробной отправкой: не доставлено ${formatNumber(failed, 'ru')} из ${formatNumber(outcomes, 'ru')} — больше ${pct}%. Возобновите, чтобы всё равно отправить остальным.`,
  canaryThrottled: (throttled: number, out: number, pct: number) =>
    `Остановлена пробной отправкой: провайдер притормозил ${formatNumber(throttled, 'ru')} из ${formatNumber(out, 'ru')} отправленных сообщений — больше ${pct}%: он принимает их медленнее, чем они уходят. Возобновите, чтобы всё равно отправить остальным, или сначала снизьте скорость профиля.`,
  held: (n: number) =>
    `Ждут окончания тихих часов получателей: ${formatNumber(n, 'ru')} — сообщения уйдут, когда у каждого получателя откроется окно профиля.`,
  interruptedHint:
    'Консоль остановилась, пока этот файл ставился в очередь. Строки, поставленные до остановки, отправляются; продолжите импорт, чтобы поставить остальные. Уже поставленные строки повторно не ставятся.',
  resumeImport: 'Продолжить импорт',
  earlier: (id: number, name: string, date: string, n: string) =>
    `Этот файл уже импортировали: рассылка №${id} (${name}), ${date}, сообщений: ${n}.`,
  earlierInterrupted: 'Его импорт был прерван.',
  resumeBatch: (id: number) => `Продолжить рассылку №${id} с этим файлом`,
  alreadyQueued: (n: string) =>
    `Номеров, уже получивших это сообщение из прежнего импорта этого файла: ${n}. Они будут пропущены.`,
  repeat: 'Всё равно отправить им ещё раз',
  optOutReply: 'Ответ на отписку',
  optOutReplyHint:
    'Ответ со смыслом «стоп» («стоп», «stop», «отписаться» …) вносит номер в стоп-лист. Консоль может и ответить на него — один раз, с номера, на который написал клиент.',
  optOutReplyOn: 'Отвечать отписавшимся',
  optOutPerProfile:
    'Отписка останавливает сообщения только через профиль, на который она пришла (иначе — через все профили)',
  optOutReplyText: 'Ответ',
  optOutReplyDefault: 'Вы отписаны и больше не будете получать от нас сообщения.',
  optOutReplySave: 'Сохранить',
  optOutReplySaved: 'Сохранено: отписавшиеся получат этот ответ.',
  optOutReplyOff: 'Сохранено: отписавшимся ничего не отправляется.',
  localNumbers: (n: number, country: string, written: string, phone: string) =>
    `${formatNumber(n, 'ru')} ${plural('ru', n, { one: 'номер записан', few: 'номера записаны', other: 'номеров записаны' })} по-местному и ${plural('ru', n, { one: 'прочитан', other: 'прочитаны' })} как номера страны «${country}»: ${written} → +${phone}.`,
  notMobile: (n: number, example: string) =>
    `${formatNumber(n, 'ru')} ${plural('ru', n, { one: 'номер', few: 'номера', other: 'номеров' })} по плану нумерации не мобильные (городской, бесплатный; например, +${example}): SMS до них может не дойти.`,
  pause: 'Приостановить',
  resume: 'Продолжить',
  cancel: 'Отменить остальное',
  confirmCancel: 'Отменить все ещё не отправленные сообщения этой рассылки?',
  recent: 'Последние рассылки',
  stateCol: 'Состояние',
  sentAs: (id: number) => `Поставлено в очередь: рассылка №${id}`,
  noBatches: 'Рассылок пока нет.',
  show: (name: string) => `Показать ${name}`,
  stopList: 'Стоп-лист',
  stopHint: 'Номера, отказавшиеся от рассылок. Массовая отправка их пропускает.',
  stopNumbers: 'Номера для добавления, по одному в строке',
  stopAdd: 'Добавить в стоп-лист',
  stopAdded: (n: number) => `Добавлено номеров: ${n}`,
  stopFromFile: 'Добавить столбец с телефоном из этого файла в стоп-лист',
  confirmStopFromFile: (rows: number, column: string) =>
    `Добавить в стоп-лист номера из ${formatNumber(rows, 'ru')} ${plural('ru', rows, { one: 'строки', other: 'строк' })} столбца «${column}»? Рассылки на них уходить не будут.`,
  stopFromFileDone: (added: number, invalid: number) =>
    `Добавлено номеров: ${added}; строк без верного номера: ${invalid}`,
  stopSearch: 'Поиск в стоп-листе',
  stopEmpty: 'Стоп-лист пуст.',
  stopTotal: (n: number) => `Номеров: ${formatNumber(n, 'ru')}`,
  stopClearAll: 'Очистить список…',
  stopClearFound: 'Убрать найденные номера…',
  confirmStopClear: (n: number, query: string, scope: string | null) =>
    (query
      ? `Убрать из стоп-листа ${formatNumber(n, 'ru')} ${plural('ru', n, { one: 'номер', few: 'номера', other: 'номеров' })}, начинающихся с ${query}`
      : `Убрать из стоп-листа все номера (${formatNumber(n, 'ru')})`) +
    (scope ? ` для «${scope}»` : '') +
    '? Рассылки снова будут до них доходить. Это можно отменить.',
  stopClearYes: 'Убрать',
  stopClearNo: 'Оставить',
  stopCleared: (n: number) => `Убрано из стоп-листа номеров: ${formatNumber(n, 'ru')}.`,
  undo: 'Отменить',
  stopRestored: (n: number) => `Возвращено в стоп-лист номеров: ${formatNumber(n, 'ru')}.`,
  stopRemove: (p: string, scope: string) => `Убрать ${p} (${scope}) из стоп-листа`,
  stopAppliesTo: 'Действует для',
  stopEveryProfile: 'Все профили',
  stopShown: 'Показать записи для',
  stopAnyScope: 'Любой профиль',
  remove: 'Убрать',
  note: 'Примечание',
  added: 'Добавлен',
  loading: 'Загрузка…',
  error: (m: string) => `Ошибка: ${m}`,
}

export const importStrings = { en, ru }
export type ImportStrings = typeof en

/** The screen's strings in the current language. */
export function useImportT(): ImportStrings {
  return importStrings[useLang((s) => s.lang)]
}

/** A file's name; main names pasted rows in English. */
export function sourceName(name: string, t: ImportStrings): string {
  return name === en.pasted ? t.pasted : name
}
