/** Strings of the reconciliation view (History → the provider's record), English and Russian. */
import type { DifferenceKind, ReconcileState } from '../../../shared/reconcile'
import type { Lang } from '../../i18n'
import { plural } from '../../plural'

/** A receipt's outcome, as the provider's status is read. */
type Outcome = 'delivered' | 'failed' | 'expired' | 'accepted' | 'enroute' | 'missing' | 'unknown'

const en = {
  title: 'Reconcile with the provider',
  back: 'Back to History',
  open: 'Reconcile with the provider…',
  intro:
    'The provider exports its own record of what the account sent in a period (SMSC: a deferred job, ready in a few minutes). The console compares it with its history of that profile and period.',
  form: 'New reconciliation',
  profile: 'Provider profile',
  noProfiles: 'No profile exports its record',
  noProfilesHint: 'Only SMSC HTTP profiles can export what they sent: add one under Providers.',
  from: 'From',
  to: 'To',
  start: 'Start',
  starting: 'Starting…',
  startFailed: (m: string) => `Could not start: ${m}`,
  jobs: 'Reconciliations',
  loading: 'Loading…',
  loadFailed: (m: string) => `Could not load: ${m}`,
  noJobs: 'No reconciliation of this profile yet.',
  colPeriod: 'Period',
  colAsked: 'Asked',
  colState: 'Status',
  colFound: 'Differences',
  colActions: 'Actions',
  states: {
    waiting: 'Waiting at the provider',
    running: 'Being exported',
    downloading: 'Comparing',
    compared: 'Compared',
    failed: 'Failed at the provider',
    cancelled: 'Cancelled at the provider',
    error: 'Could not compare',
  } satisfies Record<ReconcileState, string>,
  nextCheck: (time: string) => `asked again at ${time}`,
  show: 'Show',
  showNamed: (period: string) => `Show the reconciliation of ${period}`,
  check: 'Ask now',
  checkNamed: (period: string) => `Ask now about ${period}`,
  checkFailed: (m: string) => `Not asked: ${m}`,
  found: (n: number) =>
    n === 0 ? 'None' : `${n} ${plural('en', n, { one: 'difference', other: 'differences' })}`,
  differencesOf: (period: string) => `Differences · ${period}`,
  summary: (theirs: string, ours: string) =>
    `${theirs} messages in the provider’s record, ${ours} in ours`,
  kinds: {
    theirs: 'Only at the provider',
    ours: 'Only ours',
    status: 'Status differs',
    price: 'Price differs',
  } satisfies Record<DifferenceKind, string>,
  kindHints: {
    theirs:
      'Sent from elsewhere (the account’s web page, another program), or lost from our history.',
    ours: 'Ours, accepted or later, that the provider’s record does not hold.',
    status: 'Both have it, with statuses that do not mean the same.',
    price: 'Both have it, and the provider charged another price than ours says.',
  } satisfies Record<DifferenceKind, string>,
  kindsLabel: 'Kind of difference',
  colPhone: 'Number',
  colTime: 'Sent',
  colOurState: 'Ours',
  colTheirState: 'Provider’s',
  colOurPrice: 'Our price',
  colTheirPrice: 'Provider’s price',
  colRowActions: 'Actions',
  table: (kind: string) => `Differences: ${kind}`,
  none: 'No difference of this kind.',
  shownOf: (shown: string, total: string) => `The first ${shown} of ${total} are shown.`,
  outcomes: {
    delivered: 'Delivered',
    failed: 'Failed',
    expired: 'Expired',
    accepted: 'Waiting',
    enroute: 'Passed to the operator',
    missing: 'Not found',
    unknown: 'Unknown',
  } satisfies Record<Outcome, string>,
  statusCode: (code: string) => `code ${code}`,
  sentElsewhere: 'Not in our history',
  adopt: 'Adopt provider’s status',
  adoptNamed: (phone: string) => `Adopt provider’s status for ${phone}`,
  adoptAll: (n: number) => `Adopt provider’s status for all (${n})`,
  adoptHint:
    'Uncertain messages of ours take the status the provider states: the message’s story records it.',
  adopting: 'Adopting…',
  adopted: (n: number) =>
    `The provider’s status was adopted for ${n} ${plural('en', n, { one: 'message', other: 'messages' })}.`,
  adoptedAt: (time: string) => `Adopted ${time}`,
  adoptFailed: (m: string) => `Not adopted: ${m}`,
}

const ru: typeof en = {
  title: 'Сверка с провайдером',
  back: 'Назад к истории',
  open: 'Сверить с провайдером…',
  intro:
    'Провайдер выгружает собственный отчёт о том, что аккаунт отправил за период (SMSC: отложенное задание, готово через несколько минут). Консоль сравнивает его со своей историей этого профиля за тот же период.',
  form: 'Новая сверка',
  profile: 'Профиль провайдера',
  noProfiles: 'Нет профиля, выгружающего отчёт',
  noProfilesHint:
    'Выгружать отправленное умеют только HTTP-профили SMSC: добавьте такой в разделе «Провайдеры».',
  from: 'С',
  to: 'По',
  start: 'Начать',
  starting: 'Запуск…',
  startFailed: (m) => `Не удалось начать: ${m}`,
  jobs: 'Сверки',
  loading: 'Загрузка…',
  loadFailed: (m) => `Не удалось загрузить: ${m}`,
  noJobs: 'Сверок этого профиля пока нет.',
  colPeriod: 'Период',
  colAsked: 'Запрошена',
  colState: 'Состояние',
  colFound: 'Расхождения',
  colActions: 'Действия',
  states: {
    waiting: 'Ожидает у провайдера',
    running: 'Выгружается',
    downloading: 'Сравнение',
    compared: 'Сверено',
    failed: 'Ошибка у провайдера',
    cancelled: 'Отменено у провайдера',
    error: 'Сверить не удалось',
  },
  nextCheck: (time) => `следующий запрос в ${time}`,
  show: 'Показать',
  showNamed: (period) => `Показать сверку за ${period}`,
  check: 'Спросить сейчас',
  checkNamed: (period) => `Спросить сейчас о сверке за ${period}`,
  checkFailed: (m) => `Не спросили: ${m}`,
  found: (n) =>
    n === 0
      ? 'Нет'
      : `${n} ${plural('ru', n, { one: 'расхождение', few: 'расхождения', other: 'расхождений' })}`,
  differencesOf: (period) => `Расхождения · ${period}`,
  summary: (theirs, ours) => `Сообщений в отчёте провайдера: ${theirs}, в нашей истории: ${ours}`,
  kinds: {
    theirs: 'Только у провайдера',
    ours: 'Только у нас',
    status: 'Разный статус',
    price: 'Разная цена',
  },
  kindHints: {
    theirs:
      'Отправлено не из консоли (личный кабинет, другая программа) или пропало из нашей истории.',
    ours: 'Наши сообщения, принятые провайдером или позже, которых нет в его отчёте.',
    status: 'Есть у обоих, но статусы означают разное.',
    price: 'Есть у обоих, но провайдер списал не ту цену, что записана у нас.',
  },
  kindsLabel: 'Вид расхождения',
  colPhone: 'Номер',
  colTime: 'Отправлено',
  colOurState: 'У нас',
  colTheirState: 'У провайдера',
  colOurPrice: 'Наша цена',
  colTheirPrice: 'Цена провайдера',
  colRowActions: 'Действия',
  table: (kind) => `Расхождения: ${kind}`,
  none: 'Расхождений такого вида нет.',
  shownOf: (shown, total) => `Показаны первые ${shown} из ${total}.`,
  outcomes: {
    delivered: 'Доставлено',
    failed: 'Ошибка',
    expired: 'Истекло',
    accepted: 'Ожидает',
    enroute: 'Передано оператору',
    missing: 'Не найдено',
    unknown: 'Неизвестно',
  },
  statusCode: (code) => `код ${code}`,
  sentElsewhere: 'Нет в нашей истории',
  adopt: 'Принять статус провайдера',
  adoptNamed: (phone) => `Принять статус провайдера для ${phone}`,
  adoptAll: (n) => `Принять статус провайдера для всех (${n})`,
  adoptHint:
    'Наши сообщения в неизвестном состоянии получат статус, который сообщает провайдер; это записывается в историю сообщения.',
  adopting: 'Принимаем…',
  adopted: (n) =>
    `Статус провайдера принят для ${n} ${plural('ru', n, { one: 'сообщения', other: 'сообщений' })}.`,
  adoptedAt: (time) => `Принят ${time}`,
  adoptFailed: (m) => `Не принят: ${m}`,
}

export const reconcileStrings: Record<Lang, typeof en> = { en, ru }

export type { Outcome }
