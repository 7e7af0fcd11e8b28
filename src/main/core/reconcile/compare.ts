/**
 * The provider's record of what was sent, compared with ours: each of its messages is matched
 * to one of ours by the id the provider knows it by (our provider ids, or our numeric client
 * key — SMSC's `id=`) and the phone, then what is left by the phone and a close time. What
 * stays unmatched, and what matched with another status or price, are the differences:
 *
 * - `theirs`: the provider has it and we do not (sent from elsewhere, or a message we lost);
 * - `ours`: ours, accepted or later (or uncertain), that the provider does not have;
 * - `status`: both have it, with statuses that do not mean the same;
 * - `price`: both have it, and the provider charged another price than ours says.
 *
 * Pure and chunked: the provider's rows are indexed by slices with main's loop free between
 * them, and ours come in chunks as the store reads them.
 */
import type { MessageState } from '../../../shared/contract'
import type { DifferenceCounts } from '../../../shared/calls/reconcile'
import type { DifferenceKind } from '../../../shared/reconcile'
import { normaliseMessageId } from '../providers/smpp/receipt'
import type { ReceiptOutcome, SentRecord } from '../providers/types'

/** One message of ours as the comparison reads it. */
export interface OurRecord {
  id: number
  /** The keys the provider may know it by: its provider ids and its numeric client key. */
  keys: string[]
  /** Digits. */
  phone: string
  state: MessageState
  createdAt: number
  /** What its latest priced report said it cost; null: none said. */
  price: number | null
  text: string
}

/** A difference as the store keeps it. */
export interface NewDifference {
  kind: DifferenceKind
  messageId: number | null
  providerId: string | null
  phone: string
  at: number | null
  ourState: MessageState | null
  ourPrice: number | null
  theirStatus: string | null
  theirErr: string | null
  theirOutcome: ReceiptOutcome | null
  theirReason: string | null
  theirReasonCode: string | null
  theirPrice: number | null
  text: string | null
  adoptable: boolean
}

export interface ComparisonResult {
  differences: NewDifference[]
  counts: DifferenceCounts
  providerRows: number
  ourRows: number
}

export interface ComparisonOptions {
  /** Ours sent in [from, to) that the provider lacks are differences; the rest only match. */
  from: number
  to: number
  /**
   * Ours queued from this time on are no difference when the provider lacks them: its record
   * was taken before (the export job was asked for then).
   */
  oursUntil?: number
  /** A difference kept at most this many (the counts are exact whatever it is). */
  maxKept?: number
  /** Two prices closer than this are the same (money as text, rounded by each side). */
  priceTolerance?: number
  /** How far apart the provider's time and ours may be for a match by phone alone. */
  phoneMatchMs?: number
  /** Rows indexed between two yields of main's loop. */
  slice?: number
}

/** Outcomes that adopting can move an uncertain message by (a status the provider knows). */
const ADOPTABLE: ReadonlySet<ReceiptOutcome> = new Set([
  'delivered',
  'failed',
  'expired',
  'accepted',
  'enroute',
])

/** Whether our state and the provider's outcome say the same of a message. */
export function sameStatus(ours: MessageState, theirs: ReceiptOutcome): boolean {
  switch (ours) {
    case 'delivered':
    case 'failed':
    case 'expired':
      return theirs === ours
    case 'accepted':
      return theirs === 'accepted' || theirs === 'enroute'
    default:
      // Uncertain (and any state a message of the record should not be in): always a difference.
      return false
  }
}

/** Whether two prices differ: both known and apart, or only theirs known for a settled one of ours. */
export function priceDiffers(
  ourState: MessageState,
  ours: number | null,
  theirs: number | null,
  tolerance = 0.005,
): boolean {
  if (theirs === null) return false
  if (ours === null) {
    return (
      theirs > tolerance &&
      (ourState === 'delivered' || ourState === 'failed' || ourState === 'expired')
    )
  }
  return Math.abs(ours - theirs) > tolerance
}

const yieldNow = () => new Promise<void>((r) => setImmediate(r))

export class Comparison {
  private readonly byKey = new Map<string, number>()
  private readonly matched: Uint8Array
  private readonly pairs: { ours: OurRecord; theirs: number }[] = []
  private readonly unmatchedOurs: OurRecord[] = []
  private ourRows = 0

  private constructor(
    private readonly theirs: readonly SentRecord[],
    private readonly o: ComparisonOptions,
  ) {
    this.matched = new Uint8Array(theirs.length)
  }

  /** A comparison of the provider's rows, indexed by their id and phone. */
  static async of(theirs: readonly SentRecord[], o: ComparisonOptions): Promise<Comparison> {
    const c = new Comparison(theirs, o)
    const slice = o.slice ?? 50_000
    for (let i = 0; i < theirs.length; i++) {
      const r = theirs[i] as SentRecord
      if (r.providerId !== null) {
        const key = `${r.phone}:${normaliseMessageId(r.providerId)}`
        if (!c.byKey.has(key)) c.byKey.set(key, i)
      }
      if (i > 0 && i % slice === 0) await yieldNow()
    }
    return c
  }

  /** A chunk of ours: each matched by a key the provider knows it by, or kept for later. */
  addOurs(chunk: readonly OurRecord[]): void {
    for (const ours of chunk) {
      if (ours.createdAt >= this.o.from && ours.createdAt < this.o.to) this.ourRows++
      let found = -1
      for (const k of ours.keys) {
        const i = this.byKey.get(`${ours.phone}:${normaliseMessageId(k)}`)
        if (i !== undefined && this.matched[i] === 0) {
          found = i
          break
        }
      }
      if (found >= 0) {
        this.matched[found] = 1
        this.pairs.push({ ours, theirs: found })
      } else {
        this.unmatchedOurs.push(ours)
      }
    }
  }

  /** What is left matched by phone and time, then every difference and their counts. */
  finish(): ComparisonResult {
    const o = this.o
    const window = o.phoneMatchMs ?? 15 * 60_000
    // The provider's unmatched rows by phone, the earliest first.
    const byPhone = new Map<string, number[]>()
    this.theirs.forEach((r, i) => {
      if (this.matched[i] === 1) return
      const list = byPhone.get(r.phone)
      if (list) list.push(i)
      else byPhone.set(r.phone, [i])
    })
    const oursLeft: OurRecord[] = []
    for (const ours of [...this.unmatchedOurs].sort((a, b) => a.createdAt - b.createdAt)) {
      const candidates = byPhone.get(ours.phone)
      let best = -1
      let bestGap = Infinity
      for (const i of candidates ?? []) {
        if (this.matched[i] === 1) continue
        const r = this.theirs[i] as SentRecord
        if (r.sentAt === null) continue
        const gap = Math.abs(r.sentAt - ours.createdAt)
        const sameText =
          r.text.trim() === '' || ours.text.trim() === '' || r.text.trim() === ours.text.trim()
        if (gap <= window && sameText && gap < bestGap) {
          best = i
          bestGap = gap
        }
      }
      if (best >= 0) {
        this.matched[best] = 1
        this.pairs.push({ ours, theirs: best })
      } else {
        oursLeft.push(ours)
      }
    }

    const counts: DifferenceCounts = { theirs: 0, ours: 0, status: 0, price: 0 }
    const kept: NewDifference[] = []
    const max = o.maxKept ?? Infinity
    const keep = (d: NewDifference) => {
      counts[d.kind]++
      if (kept.length < max) kept.push(d)
    }
    const theirSide = (r: SentRecord) => ({
      providerId: r.providerId,
      theirStatus: r.stat,
      theirErr: r.err,
      theirOutcome: r.outcome,
      theirReason: r.reason,
      theirReasonCode: r.reasonCode,
      theirPrice: r.price,
    })
    const noTheirs = {
      providerId: null,
      theirStatus: null,
      theirErr: null,
      theirOutcome: null,
      theirReason: null,
      theirReasonCode: null,
      theirPrice: null,
    }
    this.theirs.forEach((r, i) => {
      if (this.matched[i] === 1) return
      keep({
        kind: 'theirs',
        messageId: null,
        phone: r.phone,
        at: r.sentAt,
        ourState: null,
        ourPrice: null,
        ...theirSide(r),
        text: r.text,
        adoptable: false,
      })
    })
    for (const ours of oursLeft) {
      const until = Math.min(o.to, o.oursUntil ?? Infinity)
      if (ours.createdAt < o.from || ours.createdAt >= until) continue
      keep({
        kind: 'ours',
        messageId: ours.id,
        phone: ours.phone,
        at: ours.createdAt,
        ourState: ours.state,
        ourPrice: ours.price,
        ...noTheirs,
        text: null,
        adoptable: false,
      })
    }
    for (const { ours, theirs } of this.pairs.sort((a, b) => a.ours.createdAt - b.ours.createdAt)) {
      const r = this.theirs[theirs] as SentRecord
      const base = {
        messageId: ours.id,
        phone: ours.phone,
        at: r.sentAt ?? ours.createdAt,
        ourState: ours.state,
        ourPrice: ours.price,
        ...theirSide(r),
        text: null,
      }
      if (!sameStatus(ours.state, r.outcome)) {
        keep({
          kind: 'status',
          ...base,
          adoptable: ours.state === 'uncertain' && ADOPTABLE.has(r.outcome),
        })
      }
      if (priceDiffers(ours.state, ours.price, r.price, o.priceTolerance)) {
        keep({ kind: 'price', ...base, adoptable: false })
      }
    }
    return { differences: kept, counts, providerRows: this.theirs.length, ourRows: this.ourRows }
  }
}
