/**
 * SMSC's deferred export jobs (`downloads.php`, "отложенные задания"): the account's sent
 * messages of a period, exported by the server in its own time and downloaded as a CSV file once
 * the job is done — the provider's own record, to reconcile the console's with.
 *
 * What the document says (seeds/001): `downloads.php?login=&psw=` lists the jobs, each with
 * `<id>`, `<name>`, `<status>` (0 waiting, 1 running, 2 done, 3 cancelled, 4 failed),
 * `<created>`, `<time>` (when it was started) and `<file>` (its file name); a done job's CSV of
 * sent messages downloads with `&id=<id>` or `&file=<file>`. The server refuses more than three
 * identical requests a minute, listing or downloading: the provider's limiter keeps us under
 * that and says when a request may be made again, rather than waiting silently.
 *
 * What it does not say is [assumed], here and only here:
 * - [assumed] creating a job: `downloads.php?add=1&start=DD.MM.YYYY&end=DD.MM.YYYY[&name=…]`,
 *   answering `{"id":N}`; the same three-a-minute limit as the other two requests.
 * - [assumed] the list with fmt=3: `[{"id","name","status","created","time","file"}]` (one
 *   object alone, and plain-text lines `id,name,status,created,time,file`, are read too); dates
 *   `DD.MM.YYYY hh:mm[:ss]` in the server's zone.
 * - [assumed] the CSV: UTF-8 when charset=utf-8 is asked (windows-1251 otherwise, as the answer's
 *   content type says), `;`-separated, RFC 4180 quoting, a header row naming its columns, like
 *   the account's history: message id (SMSC's id — for the console's messages our numeric client
 *   id, `id=` of send.php), phone, sender, send time, status code (status.php's), error code,
 *   cost, parts, text. A header row decides the columns' order (English or Russian names,
 *   READ_COLUMNS below; columns it names beyond these are ignored); a file without one is read
 *   in that order. Asking for the file of a job not done (or unknown) answers an error reply.
 *
 * A malformed file is refused as a whole, saying which line and what is wrong with it
 * (ExportFileError): nothing of it is used.
 */
import type { PhraseRef } from '../../../../shared/domain'
import { englishOf, phrase } from '../../../../shared/phrases'
import { CsvError, CsvParser, type CsvRow } from '../../imports/csv'
import { malformed, parseJsonReply, type HttpReply, type HttpRequest } from '../http'
import type { ExportJob, ExportPeriod, SentRecord } from '../types'
import { decimalOf, intOf, jsonOrLines, mapStatus, parseSmscDate, type SmscCall } from './provider'

/** Identical requests (list, download, create) the server takes in a minute (the document). */
export const EXPORT_REQUEST_LIMIT = 3
/** Largest file taken: a longer one is refused rather than read into memory. */
export const MAX_EXPORT_BYTES = 128 * 1024 * 1024
/** Most messages one file may hold. */
export const MAX_EXPORT_ROWS = 1_000_000
/** How long a download may take: a big file takes longer than a call's usual timeout. */
const DOWNLOAD_TIMEOUT_MS = 300_000
/** Text read between two yields of main's loop. */
const SLICE_CHARS = 256 * 1024

const JOB_STATES: Readonly<Record<number, ExportJob['state']>> = {
  0: 'waiting',
  1: 'running',
  2: 'done',
  3: 'cancelled',
  4: 'failed',
}

/** What the jobs need of the provider: its limiter, its requests, its error replies. */
export interface DownloadsPort {
  /** Counts one request of `signature`, or throws SmscRateLimitError saying when it may go. */
  limit(call: SmscCall, signature: string, max: number, detail: string): void
  /** downloads.php with the profile's credentials, fmt=3 and charset=utf-8. */
  post(
    call: SmscCall,
    params: Record<string, string | number | undefined>,
    options?: { timeoutMs?: number; maxBytes?: number },
  ): Promise<HttpReply>
  /** Throws the provider's typed error for an error reply (JSON or plain text). */
  throwIfError(call: SmscCall, reply: HttpReply): void
  /** Names the provider and the call in a malformed reply's error (its secrets masked). */
  req(call: SmscCall): Pick<HttpRequest, 'provider' | 'call' | 'secrets'>
  /** The server's zone for its DD.MM.YYYY dates, minutes east of UTC. */
  utcOffsetMinutes: number
}

// ---------------------------------------------------------------------------------------------
// Requests

/** `YYYY-MM-DD` as SMSC writes a day: `DD.MM.YYYY`. */
export function smscDay(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!m) throw new Error(`not a day: ${day}`)
  return `${m[3]}.${m[2]}.${m[1]}`
}

/** The epoch ms the day `YYYY-MM-DD` starts at in a zone `utcOffsetMinutes` east of UTC. */
export function dayStart(day: string, utcOffsetMinutes: number): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!m) throw new Error(`not a day: ${day}`)
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - utcOffsetMinutes * 60_000
}

/** Asks the server to export the account's sent messages of a period; the new job's id. */
export async function createExportJob(
  period: ExportPeriod,
  port: DownloadsPort,
): Promise<{ id: string }> {
  const start = smscDay(period.from)
  const end = smscDay(period.to)
  const name = period.name?.trim() || undefined
  port.limit(
    'export-create',
    `downloads:add:${start}:${end}:${name ?? ''}`,
    EXPORT_REQUEST_LIMIT,
    `an export of ${start}–${end} was asked for ${EXPORT_REQUEST_LIMIT} times this minute`,
  )
  const reply = await port.post('export-create', { add: 1, start, end, name })
  port.throwIfError('export-create', reply)
  const value = parseJsonReply(port.req('export-create'), reply)
  const id =
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? jobIdOf((value as Record<string, unknown>).id)
      : null
  if (id === null) throw malformed(port.req('export-create'), reply, 'expected {"id":N}')
  return { id }
}

/** The account's export jobs as the server lists them. */
export async function listExportJobs(port: DownloadsPort): Promise<ExportJob[]> {
  port.limit(
    'export-list',
    'downloads:list',
    EXPORT_REQUEST_LIMIT,
    `the export jobs were listed ${EXPORT_REQUEST_LIMIT} times this minute`,
  )
  const reply = await port.post('export-list', {})
  port.throwIfError('export-list', reply)
  const jobs = parseExportJobs(reply.text, port.utcOffsetMinutes)
  if (!jobs)
    throw malformed(
      port.req('export-list'),
      reply,
      'expected [{"id","name","status","created","time","file"}] or lines id,name,status,created,time,file',
    )
  return jobs
}

/**
 * A done job's messages: its file downloaded (at most MAX_EXPORT_BYTES) and read with a yield
 * of main's loop between slices. A malformed file throws ExportFileError naming its line.
 */
export async function downloadExport(
  job: Pick<ExportJob, 'id' | 'file'>,
  port: DownloadsPort,
): Promise<SentRecord[]> {
  const by = job.id !== '' ? { id: job.id } : { file: job.file ?? '' }
  port.limit(
    'export-download',
    `downloads:get:${by.id ?? `file:${by.file}`}`,
    EXPORT_REQUEST_LIMIT,
    `the file of export job ${job.id || job.file} was downloaded ${EXPORT_REQUEST_LIMIT} times this minute`,
  )
  const reply = await port.post('export-download', by, {
    timeoutMs: DOWNLOAD_TIMEOUT_MS,
    maxBytes: MAX_EXPORT_BYTES,
  })
  port.throwIfError('export-download', reply)
  return readSentCsv(reply.text, port.utcOffsetMinutes)
}

// ---------------------------------------------------------------------------------------------
// The job list

function jobIdOf(v: unknown): string | null {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 ? String(v) : null
  if (typeof v === 'string' && /^\s*[\w-]{1,64}\s*$/.test(v)) return v.trim()
  return null
}

function textOrNull(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim()
  if (typeof v === 'number' && Number.isFinite(v)) return String(v)
  return null
}

function jobOf(
  id: unknown,
  name: unknown,
  status: unknown,
  created: unknown,
  time: unknown,
  file: unknown,
  utcOffsetMinutes: number,
): ExportJob | null {
  const jobId = jobIdOf(id)
  const code = intOf(status)
  if (jobId === null || code === null) return null
  const date = (v: unknown) => (textOrNull(v) === null ? null : parseSmscDate(v, utcOffsetMinutes))
  return {
    id: jobId,
    name: textOrNull(name) ?? '',
    state: JOB_STATES[code] ?? 'unknown',
    status: code,
    createdAt: date(created),
    startedAt: date(time),
    file: textOrNull(file),
  }
}

/**
 * The list of jobs: JSON (a list of objects, or one object) or plain-text lines
 * `id,name,status,created,time,file` (a name may hold commas); null when it is neither.
 */
export function parseExportJobs(text: string, utcOffsetMinutes = 180): ExportJob[] | null {
  return jsonOrLines(
    text,
    (item) =>
      jobOf(item.id, item.name, item.status, item.created, item.time, item.file, utcOffsetMinutes),
    (line) => {
      const cells = line.split(',')
      if (cells.length < 6) return null
      const [id, ...rest] = cells
      const [file, time, created, status] = [rest.pop(), rest.pop(), rest.pop(), rest.pop()]
      return jobOf(
        id?.trim(),
        rest.join(','),
        status?.trim(),
        created,
        time,
        file,
        utcOffsetMinutes,
      )
    },
    true,
  )
}

// ---------------------------------------------------------------------------------------------
// The file

export type ExportColumn =
  'id' | 'phone' | 'sender' | 'sentAt' | 'status' | 'err' | 'cost' | 'parts' | 'text'

/** The columns in the order of a file without a header row ([assumed], see above). */
export const DEFAULT_COLUMNS: readonly ExportColumn[] = [
  'id',
  'phone',
  'sender',
  'sentAt',
  'status',
  'err',
  'cost',
  'parts',
  'text',
]

/**
 * The names a header may give each column, as `headerKey` folds them (lower case, ё as е,
 * without spaces, `_`, `-`, `.`): SMSC's API field names, English words and the Russian of its
 * pages.
 */
export const READ_COLUMNS: Readonly<Record<ExportColumn, readonly string[]>> = {
  id: ['id', 'messageid', 'msgid', 'smsid', 'ид', 'идсообщения'],
  phone: ['phone', 'phones', 'number', 'msisdn', 'recipient', 'телефон', 'номер', 'номертелефона'],
  sender: ['sender', 'senderid', 'from', 'отправитель', 'имяотправителя'],
  sentAt: [
    'senddate',
    'sendtime',
    'sent',
    'sentat',
    'date',
    'time',
    'datetime',
    'датаотправки',
    'дата',
    'время',
    'времяотправки',
  ],
  status: ['status', 'statuscode', 'state', 'статус', 'кодстатуса'],
  err: ['err', 'error', 'errorcode', 'errcode', 'ошибка', 'кодошибки'],
  cost: ['cost', 'price', 'amount', 'стоимость', 'цена', 'сумма'],
  parts: [
    'smscnt',
    'parts',
    'cnt',
    'count',
    'segments',
    'частей',
    'колво',
    'количество',
    'частисмс',
  ],
  text: ['message', 'text', 'mes', 'msg', 'body', 'сообщение', 'текст', 'текстсообщения'],
}

const BY_NAME: ReadonlyMap<string, ExportColumn> = new Map(
  (Object.entries(READ_COLUMNS) as [ExportColumn, readonly string[]][]).flatMap(([col, names]) =>
    names.map((n) => [n, col] as const),
  ),
)

/** A header cell as READ_COLUMNS names it. */
export function headerKey(cell: string): string {
  return cell
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[\s_.-]+/g, '')
}

/** What a value of a column must be, as a refusal names it. */
export type ExportValueKind = 'id' | 'phone' | 'date' | 'status' | 'number'

/** A file the console cannot read as the provider's record, with the line and what is wrong. */
export class ExportFileError extends Error {
  readonly phrase: PhraseRef

  constructor(
    said: PhraseRef,
    /** The line it is about (0: the file as a whole). */
    readonly line: number,
  ) {
    super(englishOf(said))
    this.name = 'ExportFileError'
    this.phrase = said
  }
}

const PHONE = /^\d{5,16}$/
const ISO_TIME = /^\s*(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?\s*$/

/** `YYYY-MM-DD hh:mm[:ss]` in the server's zone too (a spreadsheet's way of writing it). */
function parseSentAt(value: string, utcOffsetMinutes: number): number | null {
  const m = ISO_TIME.exec(value)
  if (m) {
    const utc = Date.UTC(
      Number(m[1]),
      Number(m[2]) - 1,
      Number(m[3]),
      Number(m[4]),
      Number(m[5]),
      Number(m[6] ?? 0),
    )
    return Number.isNaN(utc) ? null : utc - utcOffsetMinutes * 60_000
  }
  return parseSmscDate(value, utcOffsetMinutes)
}

/**
 * Reads the provider's CSV by pieces of any size: the first row decides whether it is a header
 * (it names a phone and a status column, and no cell of it is a phone number) and so the
 * columns' order. Throws ExportFileError on the first malformed line.
 */
export class SentCsvReader {
  private readonly parser = new CsvParser({ delimiter: ';' })
  private columns: Partial<Record<ExportColumn, number>> | null = null
  private width = 0
  private readonly records: SentRecord[] = []

  constructor(private readonly utcOffsetMinutes = 180) {}

  push(chunk: string): void {
    this.rows(() => this.parser.push(chunk))
  }

  end(): SentRecord[] {
    this.rows(() => this.parser.end())
    return this.records
  }

  private rows(read: () => CsvRow[]): void {
    let rows: CsvRow[]
    try {
      rows = read()
    } catch (err) {
      if (err instanceof CsvError)
        throw new ExportFileError(
          phrase('providerFile.unclosedQuote', { line: err.line }),
          err.line,
        )
      throw err
    }
    for (const row of rows) this.row(row)
  }

  private row(row: CsvRow): void {
    if (!this.columns) {
      this.columns = this.header(row)
      if (this.columns) return
      this.columns = Object.fromEntries(DEFAULT_COLUMNS.map((c, i) => [c, i]))
      this.width = DEFAULT_COLUMNS.length
    }
    if (row.cells.length !== this.width) {
      throw new ExportFileError(
        phrase('providerFile.fieldCount', {
          line: row.line,
          found: row.cells.length,
          expected: this.width,
        }),
        row.line,
      )
    }
    if (this.records.length >= MAX_EXPORT_ROWS) {
      throw new ExportFileError(phrase('providerFile.tooMany', { max: MAX_EXPORT_ROWS }), row.line)
    }
    this.records.push(this.record(row))
  }

  /** The columns a header row names, or null when the row is no header. */
  private header(row: CsvRow): Partial<Record<ExportColumn, number>> | null {
    const found: Partial<Record<ExportColumn, number>> = {}
    let named = 0
    row.cells.forEach((cell, i) => {
      const col = BY_NAME.get(headerKey(cell))
      if (col !== undefined && found[col] === undefined) {
        found[col] = i
        named++
      }
    })
    const looksLikeData = row.cells.some((c) => PHONE.test(c.trim().replace(/^\+/, '')))
    if (named === 0 || looksLikeData) return null
    for (const col of ['phone', 'status'] as const) {
      if (found[col] === undefined)
        throw new ExportFileError(
          phrase('providerFile.noColumn', { column: col, line: row.line }),
          row.line,
        )
    }
    this.width = row.cells.length
    return found
  }

  private record(row: CsvRow): SentRecord {
    const cols = this.columns ?? {}
    const cell = (c: ExportColumn): string => {
      const i = cols[c]
      return i === undefined ? '' : (row.cells[i] ?? '').trim()
    }
    const bad = (column: ExportColumn, value: string, want: ExportValueKind): ExportFileError =>
      new ExportFileError(
        phrase('providerFile.badValue', {
          line: row.line,
          column,
          value: value.length > 40 ? `${value.slice(0, 40)}…` : value,
          want,
        }),
        row.line,
      )
    const idText = cell('id')
    if (idText !== '' && !/^[\w-]{1,64}$/.test(idText)) throw bad('id', idText, 'id')
    const phoneText = cell('phone')
    const phone = phoneText.replace(/[\s()+-]/g, '')
    if (!PHONE.test(phone)) throw bad('phone', phoneText, 'phone')
    const statusText = cell('status')
    const status = intOf(statusText)
    if (status === null) throw bad('status', statusText, 'status')
    const errText = cell('err')
    const err = errText === '' ? null : intOf(errText)
    if (errText !== '' && err === null) throw bad('err', errText, 'number')
    const costText = cell('cost')
    const price = costText === '' ? null : decimalOf(costText)
    if (costText !== '' && (price === null || price < 0)) throw bad('cost', costText, 'number')
    const partsText = cell('parts')
    const parts = partsText === '' ? null : intOf(partsText)
    if (partsText !== '' && (parts === null || parts < 0)) throw bad('parts', partsText, 'number')
    const sentText = cell('sentAt')
    const sentAt = sentText === '' ? null : parseSentAt(sentText, this.utcOffsetMinutes)
    if (sentText !== '' && sentAt === null) throw bad('sentAt', sentText, 'date')
    const mapped = mapStatus(status, err)
    const textAt = cols.text
    return {
      line: row.line,
      providerId: idText === '' ? null : idText,
      phone,
      sender: cell('sender'),
      sentAt,
      outcome: mapped.outcome,
      stat: String(status),
      err: err === null ? null : String(err),
      reason: mapped.reason,
      reasonCode: mapped.reasonCode,
      price,
      parts,
      // The text as it came (its own spaces kept).
      text: textAt === undefined ? '' : (row.cells[textAt] ?? ''),
    }
  }
}

/** The whole file at once (small files, tests). */
export function parseSentCsv(text: string, utcOffsetMinutes = 180): SentRecord[] {
  const reader = new SentCsvReader(utcOffsetMinutes)
  reader.push(text.replace(/^\uFEFF/, ''))
  return reader.end()
}

/** The whole file, read by slices with main's loop free between them. */
export async function readSentCsv(text: string, utcOffsetMinutes = 180): Promise<SentRecord[]> {
  const reader = new SentCsvReader(utcOffsetMinutes)
  const body = text.replace(/^\uFEFF/, '')
  for (let i = 0; i < body.length; i += SLICE_CHARS) {
    reader.push(body.slice(i, i + SLICE_CHARS))
    if (i + SLICE_CHARS < body.length) await new Promise<void>((r) => setImmediate(r))
  }
  return reader.end()
}
