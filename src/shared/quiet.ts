/**
 * Quiet hours: the window of a recipient's local day in which a bulk message may reach them
 * (from ≤ local time < to, minutes after midnight; from < to). A recipient's number may lie in
 * more than one zone (Kazakhstan's plan lists two): its earliest and latest UTC offsets are
 * both asked, so nobody in any of its zones gets a message outside the window.
 */

export interface QuietHours {
  /** Minutes after local midnight the window opens (e.g. 540 = 09:00). */
  from: number
  /** Minutes after local midnight it closes (exclusive). */
  to: number
}

/** A recipient's UTC offsets in minutes (east positive), the earliest and the latest. */
export interface Offsets {
  min: number
  max: number
}

const DAY = 1440
const MINUTE_MS = 60_000

/** Minutes after local midnight at `nowMs` for UTC offset `offset`. */
export function localMinute(nowMs: number, offset: number): number {
  const m = Math.floor(nowMs / MINUTE_MS) + offset
  return ((m % DAY) + DAY) % DAY
}

/** Whether every zone of the recipient is inside the window at `nowMs`. */
export function inWindow(nowMs: number, tz: Offsets, q: QuietHours): boolean {
  const early = localMinute(nowMs, tz.min)
  const late = localMinute(nowMs, tz.max)
  return early >= q.from && early < q.to && late >= q.from && late < q.to
}

/**
 * The first minute, from `nowMs` on, when every zone of the recipient is inside the window:
 * `nowMs` itself when it already is; else when the latest zone's window opens (if the earliest
 * zone's is still open then), else the next day's.
 */
export function nextAllowed(nowMs: number, tz: Offsets, q: QuietHours): number {
  if (inWindow(nowMs, tz, q)) return nowMs
  const minuteStart = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS
  // The latest zone opens first: wait for it to reach `from`.
  const wait = (q.from - localMinute(nowMs, tz.max) + DAY) % DAY
  const at = minuteStart + wait * MINUTE_MS
  if (inWindow(at, tz, q)) return at
  // Zones too far apart for one window (or a window too short): at the earliest zone's opening.
  const alt = minuteStart + ((q.from - localMinute(nowMs, tz.min) + DAY) % DAY) * MINUTE_MS
  return alt
}

/** "HH:MM" → minutes after midnight, or null for anything else. */
export function parseClock(s: string): number | null {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(s.trim())
  return m ? Number(m[1]) * 60 + Number(m[2]) : null
}

/** Minutes after midnight → "HH:MM". */
export function clockOf(minutes: number): string {
  const h = Math.floor(minutes / 60)
  return `${String(h).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
}
