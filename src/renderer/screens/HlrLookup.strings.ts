/** Strings of the HLR lookup screen, English and Russian with the same keys. */
import type { HlrStatus } from '../../shared/calls/lookup'

const en = {
  title: 'HLR lookup',
  newLookup: 'New lookup',
  profile: 'Provider profile',
  noProfiles: 'No profile does HLR lookups',
  phones: 'Phone numbers',
  phonesHint:
    'One number, or a pasted list: one per line, or separated by commas or semicolons. Ctrl+Enter looks up.',
  lookUp: 'Look up',
  lookingUp: 'Looking up…',
  nothingToLookUp: 'Enter at least one phone number',
  queued: (n: number) =>
    n === 1
      ? '1 lookup queued; the answer appears below.'
      : `${n} lookups queued; the answers appear below.`,
  rejectedTitle: (n: number) =>
    n === 1 ? '1 entry was not looked up:' : `${n} entries were not looked up:`,
  results: 'Results',
  filterPhone: 'Filter by phone',
  filterStatus: 'Filter by status',
  anyStatus: 'Any status',
  statuses: { pending: 'Waiting', answered: 'Answered', failed: 'Failed' } as Record<
    HlrStatus,
    string
  >,
  refresh: 'Refresh',
  loading: 'Loading…',
  loadFailed: (m: string) => `Could not load the results: ${m}`,
  empty: 'No lookups yet. Enter a number above to see its network.',
  emptyFiltered: 'No lookups match these filters.',
  colPhone: 'Phone',
  colStatus: 'Status',
  colImsi: 'IMSI',
  colMccMnc: 'MCC/MNC',
  colNet: 'Operator',
  colCn: 'Home country',
  colRnet: 'Roaming / ported network',
  colRcn: 'Roaming country',
  colMsc: 'MSC',
  colProfile: 'Profile',
  colTime: 'Requested',
  atHome: 'at home',
  prev: 'Previous page',
  next: 'Next page',
  range: (from: number, to: number, total: number) => `${from}–${to} of ${total}`,
}

type Strings = typeof en

const ru: Strings = {
  title: 'HLR-запрос',
  newLookup: 'Новый запрос',
  profile: 'Профиль провайдера',
  noProfiles: 'Нет профилей с HLR-запросами',
  phones: 'Номера телефонов',
  phonesHint:
    'Один номер или вставленный список: по одному в строке либо через запятую или точку с запятой. Ctrl+Enter — запросить.',
  lookUp: 'Запросить',
  lookingUp: 'Запрашиваем…',
  nothingToLookUp: 'Введите хотя бы один номер телефона',
  queued: (n: number) =>
    n === 1
      ? 'Запрос поставлен в очередь; ответ появится ниже.'
      : `Запросов в очереди: ${n}; ответы появятся ниже.`,
  rejectedTitle: (n: number) => `Не запрошено записей: ${n}:`,
  results: 'Результаты',
  filterPhone: 'Фильтр по номеру',
  filterStatus: 'Фильтр по статусу',
  anyStatus: 'Любой статус',
  statuses: { pending: 'Ожидает', answered: 'Получен', failed: 'Ошибка' },
  refresh: 'Обновить',
  loading: 'Загрузка…',
  loadFailed: (m: string) => `Не удалось загрузить результаты: ${m}`,
  empty: 'Запросов ещё не было. Введите номер выше, чтобы узнать его сеть.',
  emptyFiltered: 'Нет запросов, подходящих под фильтры.',
  colPhone: 'Телефон',
  colStatus: 'Статус',
  colImsi: 'IMSI',
  colMccMnc: 'MCC/MNC',
  colNet: 'Оператор',
  colCn: 'Домашняя страна',
  colRnet: 'Сеть роуминга / переноса',
  colRcn: 'Страна роуминга',
  colMsc: 'MSC',
  colProfile: 'Профиль',
  colTime: 'Запрошен',
  atHome: 'в домашней сети',
  prev: 'Предыдущая страница',
  next: 'Следующая страница',
  range: (from: number, to: number, total: number) => `${from}–${to} из ${total}`,
}

export const hlrStrings = { en, ru }
