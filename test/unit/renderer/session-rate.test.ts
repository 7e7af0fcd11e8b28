// The sending rate a connection shows on the Providers screen and in the header, in both languages.
import { describe, expect, it } from 'vitest'
import type { SessionState } from '../../../src/shared/contract'
import { sessionRate } from '../../../src/renderer/components/session-rate'
import { providersStrings } from '../../../src/renderer/screens/Providers/strings'

function state(rate: SessionState['rate']): SessionState {
  return { profileId: 'p', status: 'bound', host: null, detail: null, retryAt: null, rate }
}

describe('session rate', () => {
  it('shows the current rate against the profile rate, in English and Russian', () => {
    expect(sessionRate(state({ current: 30, configured: 30 }), providersStrings.en)).toEqual({
      text: '30 of 30 msg/s',
      slowed: false,
      detail: null,
    })
    expect(sessionRate(state({ current: 30, configured: 30 }), providersStrings.ru)?.text).toBe(
      '30 из 30 сообщ./с',
    )
  })

  it('says why when throttling slowed it down', () => {
    const en = sessionRate(state({ current: 14.7, configured: 30 }), providersStrings.en)
    expect(en).toMatchObject({ text: '14.7 of 30 msg/s', slowed: true })
    expect(en?.detail).toMatch(/^slowed down to 14\.7 of 30 .*throttling/)
    const ru = sessionRate(state({ current: 14.7, configured: 30 }), providersStrings.ru)
    expect(ru).toMatchObject({ text: '14,7 из 30 сообщ./с', slowed: true })
    expect(ru?.detail).toMatch(/^скорость снижена до 14,7 из 30 /)
  })

  it('shows nothing for a connection without rate control', () => {
    expect(sessionRate(state(null), providersStrings.en)).toBeNull()
    expect(sessionRate(state(undefined), providersStrings.ru)).toBeNull()
    expect(sessionRate(undefined, providersStrings.en)).toBeNull()
  })
})
