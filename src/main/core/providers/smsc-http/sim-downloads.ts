/**
 * The SMSC simulator's deferred export jobs (`downloads.php`, see downloads.ts for what the
 * document says and what is [assumed]): a job made for a period waits, runs and is done after
 * test-tunable times (or fails, or is cancelled, when a test says so); the list shows every job;
 * a done job's file is the CSV of what the account actually took in that period, as it stood
 * when the job was done. More than three identical requests a minute are refused with error 9,
 * as the server does.
 *
 * For tests the record can be made to differ from the console's: messages sent "from elsewhere"
 * (the account's web page, another program) and a different status or price for a message.
 */
import { csvLine } from '../../../../shared/csv-write'
import type { SimResponse } from '../../sandbox/http-sim'
import { formatSmscDate } from './provider'

export interface SmscSimExportOptions {
  /** A new job waits this long before it runs (status 0, then 1). */
  runAfterMs?: number
  /** …and is done this long after it was made (status 2). */
  doneAfterMs?: number
}

/** A message of the account, as the export reads it. */
export interface SmscSimSent {
  id: number
  phone: string
  sender: string
  text: string
  parts: number
  cost: number
  sentAt: number
  hlr: boolean
}

export interface SmscSimExportJob {
  id: number
  name: string
  /** Epoch ms of the period's first and last day's start, in the server's zone. */
  from: number
  to: number
  createdAt: number
  /** Set by a test: the job ends this way instead of done. */
  ending: 'failed' | 'cancelled' | null
  endedAt: number | null
  file: string
}

/** What the jobs need of the simulated account: its messages, statuses, limits and answers. */
export interface SmscSimAccount {
  messages(): Iterable<SmscSimSent>
  statusOf(message: SmscSimSent, at: number): { status: number; err: number }
  /** Counts one request of `signature`; true if it is over `limit` this minute. */
  over(signature: string, limit: number): boolean
  utcOffsetMinutes: number
  json(value: unknown): SimResponse
  text(text: string, contentType: string): SimResponse
  error(code: number, text: string): SimResponse
}

/** A message the account sent, not through the console. */
export interface SmscSimElsewhere {
  phone: string
  text: string
  sender?: string
  sentAt?: number
  status?: number
  err?: number
  cost?: number
  parts?: number
}

/** The columns the simulator's file has, in its order (its header names them). */
const HEADER = ['id', 'send_date', 'phone', 'sender', 'status', 'err', 'cost', 'sms_cnt', 'message']
const DAY = 86_400_000
const MAX_JOBS = 1000

export class SmscSimExports {
  private readonly jobs = new Map<number, SmscSimExportJob>()
  private readonly elsewhere: Required<SmscSimElsewhere & { id: number }>[] = []
  private readonly altered = new Map<string, { status?: number; err?: number; cost?: number }>()
  private readonly served = new Map<number, string>()
  private readonly lost = new Set<string>()
  private nextJobId = 101
  private nextElsewhereId = 900_000_001
  private readonly runAfterMs: number
  private readonly doneAfterMs: number

  constructor(options: SmscSimExportOptions = {}) {
    this.runAfterMs = options.runAfterMs ?? 1000
    this.doneAfterMs = Math.max(this.runAfterMs, options.doneAfterMs ?? 3000)
  }

  /** Every job made so far, oldest first. */
  list(): SmscSimExportJob[] {
    return [...this.jobs.values()].map((j) => ({ ...j }))
  }

  /** The job fails (status 4) now instead of finishing. */
  failJob(id: number): void {
    this.end(id, 'failed')
  }

  /** The job is cancelled (status 3) now. */
  cancelJob(id: number): void {
    this.end(id, 'cancelled')
  }

  /** The account sent this without the console: it is in every export of its day. */
  sentElsewhere(m: SmscSimElsewhere): number {
    const id = this.nextElsewhereId++
    this.elsewhere.push({
      id,
      phone: m.phone.replace(/^\+/, ''),
      text: m.text,
      sender: m.sender ?? '',
      sentAt: m.sentAt ?? Date.now(),
      status: m.status ?? 1,
      err: m.err ?? 0,
      cost: m.cost ?? 2.5,
      parts: m.parts ?? 1,
    })
    return id
  }

  /** The record gives the message (phone, id) this status or price instead of its own. */
  alter(phone: string, id: number, change: { status?: number; err?: number; cost?: number }): void {
    this.altered.set(`${phone.replace(/^\+/, '')}:${id}`, change)
  }

  /** The record leaves the message (phone, id) out, as if the account never sent it. */
  lose(phone: string, id: number): void {
    this.lost.add(`${phone.replace(/^\+/, '')}:${id}`)
  }

  /** The job's file is this text instead of the account's messages (a malformed file). */
  serveInstead(id: number, text: string): void {
    this.served.set(id, text)
  }

  private end(id: number, how: 'failed' | 'cancelled'): void {
    const job = this.jobs.get(id)
    if (job && this.statusOf(job, Date.now()) < 2) {
      job.ending = how
      job.endedAt = Date.now()
    }
  }

  private statusOf(job: SmscSimExportJob, now: number): number {
    if (job.ending !== null && job.endedAt !== null && now >= job.endedAt)
      return job.ending === 'failed' ? 4 : 3
    const age = now - job.createdAt
    if (age >= this.doneAfterMs) return 2
    return age >= this.runAfterMs ? 1 : 0
  }

  handle(p: URLSearchParams, account: SmscSimAccount): SimResponse {
    const signature = `downloads:${[...p.entries()]
      .filter(([k]) => k !== 'psw')
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}=${v}`)
      .join('&')}`
    if (account.over(signature, 3)) return account.error(9, 'duplicate request, wait a minute')
    if (p.get('add') === '1') return this.add(p, account)
    const idText = p.get('id')
    const file = p.get('file')
    if (idText !== null || file !== null) return this.download(idText, file, account)
    const now = Date.now()
    const off = account.utcOffsetMinutes
    return account.json(
      [...this.jobs.values()].map((j) => {
        const status = this.statusOf(j, now)
        return {
          id: j.id,
          name: j.name,
          status,
          created: formatSmscDate(j.createdAt, off),
          time: status === 0 ? '' : formatSmscDate(j.createdAt + this.runAfterMs, off),
          file: j.file,
        }
      }),
    )
  }

  private add(p: URLSearchParams, account: SmscSimAccount): SimResponse {
    const start = p.get('start')
    const end = p.get('end')
    if (!start || !end) return account.error(1, 'parameters error')
    const from = dayOf(start, account.utcOffsetMinutes)
    const to = dayOf(end, account.utcOffsetMinutes)
    if (from === null || to === null || to < from) return account.error(5, 'invalid date format')
    const id = this.nextJobId++
    this.jobs.set(id, {
      id,
      name: p.get('name') || `Отправленные ${start}–${end}`,
      from,
      to,
      createdAt: Date.now(),
      ending: null,
      endedAt: null,
      file: `sent_${id}_${start.replace(/\./g, '')}_${end.replace(/\./g, '')}.csv`,
    })
    if (this.jobs.size > MAX_JOBS) {
      const oldest = this.jobs.keys().next().value
      if (oldest !== undefined) this.jobs.delete(oldest)
    }
    return account.json({ id })
  }

  private download(
    idText: string | null,
    file: string | null,
    account: SmscSimAccount,
  ): SimResponse {
    const job =
      idText !== null
        ? this.jobs.get(Number(idText))
        : [...this.jobs.values()].find((j) => j.file === file)
    if (!job) return account.error(1, 'no such job')
    const now = Date.now()
    if (this.statusOf(job, now) !== 2) return account.error(1, 'the job is not done')
    const instead = this.served.get(job.id)
    if (instead !== undefined) return account.text(instead, 'text/csv')
    // The record as it stood when the job was done.
    const at = job.createdAt + this.doneAfterMs
    const off = account.utcOffsetMinutes
    const inPeriod = (t: number) => t >= job.from && t < job.to + DAY
    const lines = [csvLine(HEADER, ';')]
    const rows: { sentAt: number; cells: string[] }[] = []
    for (const m of account.messages()) {
      if (m.hlr || !inPeriod(m.sentAt) || m.sentAt > at) continue
      if (this.lost.has(`${m.phone}:${m.id}`)) continue
      const st = account.statusOf(m, at)
      const change = this.altered.get(`${m.phone}:${m.id}`) ?? {}
      rows.push({
        sentAt: m.sentAt,
        cells: [
          String(m.id),
          formatSmscDate(m.sentAt, off),
          m.phone,
          m.sender,
          String(change.status ?? st.status),
          String(change.err ?? st.err),
          (change.cost ?? m.cost).toFixed(2),
          String(m.parts),
          m.text,
        ],
      })
    }
    for (const m of this.elsewhere) {
      if (!inPeriod(m.sentAt) || m.sentAt > at) continue
      rows.push({
        sentAt: m.sentAt,
        cells: [
          String(m.id),
          formatSmscDate(m.sentAt, off),
          m.phone,
          m.sender,
          String(m.status),
          String(m.err),
          m.cost.toFixed(2),
          String(m.parts),
          m.text,
        ],
      })
    }
    rows.sort((a, b) => a.sentAt - b.sentAt)
    // The provider's own values, as they are: no spreadsheet guard added to them.
    for (const r of rows)
      lines.push(
        csvLine(
          r.cells.map((value) => ({ value, guard: false })),
          ';',
        ),
      )
    return account.text(lines.join(''), 'text/csv')
  }
}

/** `DD.MM.YYYY` as the epoch ms its day starts at in the server's zone; null if no such day. */
function dayOf(text: string, utcOffsetMinutes: number): number | null {
  const m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(text)
  if (!m) return null
  const utc = Date.UTC(Number(m[3]), Number(m[2]) - 1, Number(m[1]))
  const d = new Date(utc)
  if (d.getUTCDate() !== Number(m[1]) || d.getUTCMonth() !== Number(m[2]) - 1) return null
  return utc - utcOffsetMinutes * 60_000
}
