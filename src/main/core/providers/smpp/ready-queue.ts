/**
 * Messages handed to the session and waiting for their turn on the wire: each as a job (its
 * submit_sm parts and how far they got), which part it may send next, and the ready queue's
 * three lines: parts of messages already on the wire first, then urgent one-offs, then bulk.
 */
import type { OutgoingSms, SubmitOutcome } from '../types'
import type { SubmitFields } from './pdu'

/** One message on its way out, from submit() until its outcome is settled. */
export interface SubmitJob {
  sms: OutgoingSms
  parts: SubmitFields[]
  /** Count the provider charges (comment excluded), reported in `accepted`. */
  chargedParts: number
  /** The first part not yet sent. */
  nextPart: number
  /** Refused parts to send again, first in first out. */
  retry: number[]
  /** Provider ids by part, as each was accepted. */
  ids: Array<string | undefined>
  acceptedCount: number
  /** Parts sent and not answered yet. */
  inFlight: number
  throttleRetries: number
  /** Waits in the ready queue (the queue keeps this flag). */
  inReady: boolean
  settled: boolean
  resolve: (outcome: SubmitOutcome) => void
}

export function newSubmitJob(
  sms: OutgoingSms,
  built: { parts: SubmitFields[]; chargedParts: number },
  resolve: (outcome: SubmitOutcome) => void,
): SubmitJob {
  return {
    sms,
    parts: built.parts,
    chargedParts: built.chargedParts,
    nextPart: 0,
    retry: [],
    ids: [],
    acceptedCount: 0,
    inFlight: 0,
    throttleRetries: 0,
    inReady: false,
    settled: false,
    resolve,
  }
}

/** Next part index this job may send now, or null. */
export function takePart(job: SubmitJob): number | null {
  const retry = job.retry.shift()
  if (retry !== undefined) return retry
  // Later parts wait for the first one's answer, so a refused message sends nothing more.
  const mayContinue = job.nextPart === 0 || job.acceptedCount > 0
  if (mayContinue && job.nextPart < job.parts.length) return job.nextPart++
  return null
}

export function hasSendablePart(job: SubmitJob): boolean {
  if (job.retry.length > 0) return true
  return (job.nextPart === 0 || job.acceptedCount > 0) && job.nextPart < job.parts.length
}

/**
 * Which line of the ready queue a job waits in; each line is first-in-first-out and an earlier
 * line goes first. Continue: a long message's further parts and refused parts sent again
 * (already on the wire); then urgent one-offs; then bulk.
 */
export const Lane = { Continue: 0, Urgent: 1, Bulk: 2 } as const
export type Lane = (typeof Lane)[keyof typeof Lane]

/** First-in-first-out with O(1) push and shift; a settled job is skipped lazily. */
class Fifo {
  private items: SubmitJob[] = []
  private head = 0

  push(job: SubmitJob): void {
    this.items.push(job)
  }

  /** The first job still waiting, dropping stale slots on the way. */
  first(): SubmitJob | undefined {
    while (this.head < this.items.length) {
      const job = this.items[this.head]
      if (job?.inReady) return job
      this.head++
    }
    this.compact()
    return undefined
  }

  dropFirst(): void {
    this.head++
    this.compact()
  }

  live(): SubmitJob[] {
    return this.items.slice(this.head).filter((j) => j.inReady)
  }

  private compact(): void {
    if (this.head === this.items.length) {
      this.items = []
      this.head = 0
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head)
      this.head = 0
    }
  }
}

/**
 * Jobs waiting for the pump, in three first-in-first-out lines taken in order: parts of
 * messages already on the wire (a long message's further parts, throttled retries), then
 * urgent one-offs, then bulk. Two urgent messages to one customer leave in the order given.
 */
export class ReadyQueue {
  private readonly lanes: readonly [Fifo, Fifo, Fifo] = [new Fifo(), new Fifo(), new Fifo()]
  /** The lane peek() found its job in. */
  private at: Fifo | null = null
  size = 0

  /** Queues a job that is neither waiting already nor settled; else does nothing. */
  add(job: SubmitJob, lane: Lane): void {
    if (job.inReady || job.settled) return
    job.inReady = true
    this.lanes[lane].push(job)
    this.size++
  }

  peek(): SubmitJob | undefined {
    for (const lane of this.lanes) {
      const job = lane.first()
      if (job) {
        this.at = lane
        return job
      }
    }
    this.at = null
    return undefined
  }

  /** Removes the job peek() returned. */
  shift(): void {
    const job = this.peek()
    if (!job || !this.at) return
    this.at.dropFirst()
    job.inReady = false
    this.size--
  }

  /** Marks a job gone wherever it sits; its slot is skipped later. */
  forget(job: SubmitJob): void {
    if (!job.inReady) return
    job.inReady = false
    this.size--
  }

  /** Every job still waiting, line by line. */
  live(): SubmitJob[] {
    return this.lanes.flatMap((lane) => lane.live())
  }
}
