// Quiet hours' rules: a recipient's local minute by offset, the window asked in every zone of
// their number, the next minute it opens for them all; and the zones a number is in, from
// libphonenumber's data (a Tajik mobile, Kazakhstan's two zones, an Irkutsk landline).
import { describe, expect, it } from 'vitest'
import { offsetOf, ZoneReader, zonesOf } from '../../src/main/core/numbering/zones'
import { clockOf, inWindow, localMinute, nextAllowed, parseClock } from '../../src/shared/quiet'

const at = (h: number, m = 0) => Date.UTC(2026, 11, 7, h, m)
const day = { from: 9 * 60, to: 21 * 60 }

describe('the window', () => {
  it('reads local time by offset, across midnight both ways', () => {
    expect(clockOf(localMinute(at(4), 300))).toBe('09:00')
    expect(clockOf(localMinute(at(22), 300))).toBe('03:00')
    expect(clockOf(localMinute(at(2), -300))).toBe('21:00')
  })

  it('is open only when it is open in every zone of the number', () => {
    const dushanbe = { min: 300, max: 300 }
    expect(inWindow(at(4), dushanbe, day)).toBe(true) // 09:00
    expect(inWindow(at(16), dushanbe, day)).toBe(false) // 21:00, closed
    expect(inWindow(at(3, 59), dushanbe, day)).toBe(false) // 08:59
    // Kaliningrad to Kamchatka: open only while it is day at both ends.
    const russia = { min: 120, max: 720 }
    expect(inWindow(at(7), russia, day)).toBe(true) // 09:00 and 19:00
    expect(inWindow(at(10), russia, day)).toBe(false) // 12:00 and 22:00
  })

  it('opens next at the first minute every zone is in it', () => {
    const dushanbe = { min: 300, max: 300 }
    expect(nextAllowed(at(4, 30), dushanbe, day)).toBe(at(4, 30))
    expect(nextAllowed(at(17), dushanbe, day)).toBe(at(4) + 86_400_000)
    expect(nextAllowed(at(1, 30), dushanbe, day)).toBe(at(4))
    const russia = { min: 120, max: 720 }
    // When Kamchatka's day starts it is 23:00 in Kaliningrad: the window opens at Kaliningrad's 09:00.
    expect(nextAllowed(at(10), russia, day)).toBe(at(7) + 86_400_000)
  })

  it('reads HH:MM and nothing else', () => {
    expect(parseClock('09:30')).toBe(570)
    expect(parseClock('9:05')).toBe(545)
    expect(parseClock('24:00')).toBeNull()
    expect(parseClock('noon')).toBeNull()
  })
})

describe('the zones of a number', () => {
  it('comes from the numbering plan’s data, by longest prefix', () => {
    expect(zonesOf('992901234567')).toEqual(['Asia/Dushanbe'])
    expect(zonesOf('998901234567')).toEqual(['Asia/Tashkent'])
    expect(zonesOf('73952123456')).toEqual(['Asia/Irkutsk'])
    expect(zonesOf('77011234567')).toEqual(['Asia/Almaty', 'Asia/Aqtobe'])
  })

  it('gives each zone’s offset at the moment, and a number’s earliest and latest', () => {
    expect(offsetOf('Asia/Dushanbe', at(12))).toBe(300)
    expect(offsetOf('America/New_York', Date.UTC(2026, 6, 1))).toBe(-240)
    expect(offsetOf('Not/AZone', at(12))).toBeNull()
    const r = new ZoneReader()
    expect(r.offsets('73952123456', at(12))).toEqual({ min: 480, max: 480 })
    expect(r.offsets('992901234567', at(12))).toEqual({ min: 300, max: 300 })
  })
})
