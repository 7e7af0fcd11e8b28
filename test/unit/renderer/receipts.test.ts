// A message's delivery reports in the renderer: what each channel cost, in either language.
import { describe, expect, it } from 'vitest'
import {
  channelPricesText,
  receiptsStrings,
} from '../../../src/renderer/components/message-detail/receipts.strings'

describe('per-channel prices', () => {
  it('lists the channels in cascade order with their prices', () => {
    const s = receiptsStrings.en
    expect(channelPricesText({ sms: '2.50', viber: '0.90' }, s)).toBe('Viber 0.90 · SMS 2.50')
    expect(channelPricesText({ whatsapp: '1.20' }, receiptsStrings.ru)).toBe('WhatsApp 1.20')
    expect(channelPricesText(null, s)).toBe('')
    expect(channelPricesText({}, s)).toBe('')
  })

  it('has every text in English and Russian, and names every outcome a report can have', () => {
    const { en, ru } = receiptsStrings
    expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort())
    const outcomes = ['delivered', 'failed', 'expired', 'accepted', 'enroute', 'unknown', 'missing']
    for (const o of outcomes) {
      expect(en.outcomes[o], o).toBeTruthy()
      expect(ru.outcomes[o], o).toBeTruthy()
      expect(ru.outcomes[o], o).not.toBe(en.outcomes[o])
    }
    expect(ru.colByChannel).toBe('Цена по каналам')
  })
})
