/** Strings of the Delivery reports screen (English and Russian, same keys). */
import type { BatchSummary } from '../../../shared/calls/history'
import { useLang } from '../../stores/lang'

const en = {
  filters: 'Report filters',
  profile: 'Provider profile',
  anyProfile: 'All profiles',
  period: 'Period',
  periods: { hour: 'Last hour', day: 'Last 24 hours', week: 'Last 7 days', all: 'All time' },
  status: 'Status',
  anyStatus: 'Any status',
  batches: 'Batches',
  oneOff: 'Single messages',
  noBatches: 'Nothing was sent in this period.',
  loading: 'Loading…',
  loadFailed: (m: string) => `Could not load the reports: ${m}`,
  colName: 'Batch',
  colProfile: 'Profile',
  colStarted: 'Started',
  colTotal: 'Total',
  colQueued: 'Waiting',
  colAccepted: 'Sent',
  colDelivered: 'Delivered',
  colFailed: 'Failed',
  colUncertain: 'Uncertain',
  colRate: 'Delivered, %',
  show: (name: string) => `Show ${name}`,
  chart: 'Delivery over time',
  chartLabel: (d: number, f: number, min: number) =>
    `Delivered ${d}%, failed or expired ${f}% within ${min} min`,
  minutes: 'min',
  delivered: 'Delivered',
  failedShort: 'Failed',
  reasons: 'Failure reasons',
  noReasons: 'No failures.',
  reasonCount: (n: number) => `${n} ×`,
  messages: 'Messages of this batch',
  sentAgain: (id: number) => `Sent again as batch #${id}: it is in the list above.`,
  noMessages: 'No messages match.',
  uncertain: 'Uncertain messages',
  uncertainHint:
    'Sent, but the provider never answered: they may or may not have gone out. Check with the provider, resend, or mark failed.',
  noUncertain: 'No uncertain messages.',
  checkStatus: 'Check status',
  checkLabel: (id: number) => `Check status of message ${id}`,
  resend: 'Resend',
  resendLabel: (id: number) => `Resend message ${id}`,
  markFailed: 'Mark failed',
  markFailedLabel: (id: number) => `Mark message ${id} failed`,
  checked: (id: number, detail: string) => `Message ${id}: ${detail}`,
  unchanged: 'no change',
  colId: '#',
  colTime: 'Created',
  colPhone: 'Phone',
  colText: 'Text',
  colStatus: 'Status',
  colReason: 'Reason',
  colActions: 'Actions',
}

const ru: typeof en = {
  filters: 'Фильтры отчётов',
  profile: 'Профиль провайдера',
  anyProfile: 'Все профили',
  period: 'Период',
  periods: {
    hour: 'Последний час',
    day: 'Последние 24 часа',
    week: 'Последние 7 дней',
    all: 'Всё время',
  },
  status: 'Статус',
  anyStatus: 'Любой статус',
  batches: 'Рассылки',
  oneOff: 'Отдельные сообщения',
  noBatches: 'За этот период ничего не отправлено.',
  loading: 'Загрузка…',
  loadFailed: (m: string) => `Не удалось загрузить отчёты: ${m}`,
  colName: 'Рассылка',
  colProfile: 'Профиль',
  colStarted: 'Начало',
  colTotal: 'Всего',
  colQueued: 'Ожидают',
  colAccepted: 'Отправлено',
  colDelivered: 'Доставлено',
  colFailed: 'Не доставлено',
  colUncertain: 'Не ясно',
  colRate: 'Доставлено, %',
  show: (name: string) => `Показать: ${name}`,
  chart: 'Доставка во времени',
  chartLabel: (d: number, f: number, min: number) =>
    `Доставлено ${d}%, не доставлено или истёк срок ${f}% за ${min} мин`,
  minutes: 'мин',
  delivered: 'Доставлено',
  failedShort: 'Не доставлено',
  reasons: 'Причины недоставки',
  noReasons: 'Недоставленных нет.',
  reasonCount: (n: number) => `${n} ×`,
  messages: 'Сообщения рассылки',
  sentAgain: (id: number) => `Отправлено заново рассылкой №${id}: она в списке выше.`,
  noMessages: 'Нет подходящих сообщений.',
  uncertain: 'Сообщения с неясным статусом',
  uncertainHint:
    'Отправлены, но провайдер не ответил: могли уйти, а могли и нет. Уточните у провайдера, отправьте снова или отметьте как неудачные.',
  noUncertain: 'Сообщений с неясным статусом нет.',
  checkStatus: 'Проверить статус',
  checkLabel: (id: number) => `Проверить статус сообщения ${id}`,
  resend: 'Отправить снова',
  resendLabel: (id: number) => `Отправить снова сообщение ${id}`,
  markFailed: 'Отметить неудачным',
  markFailedLabel: (id: number) => `Отметить сообщение ${id} неудачным`,
  checked: (id: number, detail: string) => `Сообщение ${id}: ${detail}`,
  unchanged: 'без изменений',
  colId: '№',
  colTime: 'Создано',
  colPhone: 'Телефон',
  colText: 'Текст',
  colStatus: 'Статус',
  colReason: 'Причина',
  colActions: 'Действия',
}

export const reportsStrings = { en, ru }

export type ReportsStrings = typeof en

/** The screen's strings in the current language. */
export function useReportsT(): ReportsStrings {
  return reportsStrings[useLang((s) => s.lang)]
}

/** What a batch is called in the reports: single messages are one batch of their own. */
export function batchName(b: BatchSummary, s: ReportsStrings): string {
  return b.id === null ? s.oneOff : b.name || `#${b.id}`
}
