/** Strings of a message's delivery reports (English and Russian, same keys). */
import type { ReceiptView } from '../../../shared/calls/history'

type Channel = NonNullable<ReceiptView['channel']>

const en = {
  table: 'Delivery reports',
  colTime: 'Received',
  colProviderId: 'Provider’s id',
  colOutcome: 'Report',
  colChannel: 'Channel',
  colPrice: 'Price',
  colByChannel: 'Price by channel',
  colReason: 'Details',
  colRaw: 'As received',
  outcomes: {
    delivered: 'Delivered',
    failed: 'Not delivered',
    expired: 'Expired',
    accepted: 'Accepted',
    enroute: 'On its way',
    unknown: 'Not known yet',
    missing: 'Not held by the provider',
  } as Record<string, string>,
  channels: { sms: 'SMS', viber: 'Viber', whatsapp: 'WhatsApp', vk: 'VK' } as Record<
    Channel,
    string
  >,
}

const ru: typeof en = {
  table: 'Отчёты о доставке',
  colTime: 'Получен',
  colProviderId: 'Номер у провайдера',
  colOutcome: 'Отчёт',
  colChannel: 'Канал',
  colPrice: 'Цена',
  colByChannel: 'Цена по каналам',
  colReason: 'Подробности',
  colRaw: 'Как пришёл',
  outcomes: {
    delivered: 'Доставлено',
    failed: 'Не доставлено',
    expired: 'Истёк срок',
    accepted: 'Принято',
    enroute: 'В пути',
    unknown: 'Пока неизвестно',
    missing: 'У провайдера нет такого сообщения',
  },
  channels: { sms: 'SMS', viber: 'Viber', whatsapp: 'WhatsApp', vk: 'VK' },
}

export const receiptsStrings = { en, ru }
export type ReceiptsStrings = typeof en

/** The order a cascade tries its channels in by default. */
const CHANNEL_ORDER: readonly Channel[] = ['viber', 'whatsapp', 'vk', 'sms']

/** "Viber 0.90 · SMS 2.50"; empty when the provider gave no per-channel prices. */
export function channelPricesText(prices: ReceiptView['prices'], s: ReceiptsStrings): string {
  if (!prices) return ''
  return CHANNEL_ORDER.filter((c) => prices[c] !== undefined)
    .map((c) => `${s.channels[c]} ${prices[c]}`)
    .join(' · ')
}
