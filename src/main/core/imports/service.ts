/**
 * The bulk import, end to end: a file (uploaded, pasted or opened by the shell) is analysed,
 * checked row by row against the operator's mapping, and queued as one batch — streamed in
 * chunks, one transaction each, main's event loop getting a turn between them — then paused,
 * resumed or cancelled while it sends.
 */
import { createHash } from 'node:crypto'
import { closeSync, createReadStream, existsSync, openSync, readSync, statSync } from 'node:fs'
import {
  MAX_CONTACT_FIELDS,
  MAX_FIELD_NAME,
  MAX_FIELD_VALUE,
  type ContactFilter,
} from '../../../shared/calls/contacts'
import { csvLine } from '../../../shared/csv-write'
import type { ContactRow } from '../contacts/store'
import { basename, join } from 'node:path'
import { setImmediate as yieldToLoop, setTimeout as sleep } from 'node:timers/promises'
import {
  DEFAULT_MAX_PARTS,
  type BatchView,
  type CsvAnalysis,
  type EarlierImport,
  type ImportMapping,
  type ImportProgress,
  type ImportSummary,
  type RejectReason,
  type RejectedRow,
} from '../../../shared/calls/imports'
import { normalisePhone, PhoneReader } from '../../../shared/phone'
import { phoneCountry } from '../profiles/country'
import { compileTemplate, unknownVariables } from '../../../shared/template'
import { refusal, refuse, refuseField } from '../api/router'
import type { CoreContext } from '../context'
import type { NewMessage } from '../outbox/outbox'
import { errorText } from '../providers/error-phrase'
import { messageTypesOf } from '../providers/registry'
import { checkedType, strayType } from '../api/message-types'
import { normaliseTyped } from '../../../shared/message-types'
import { isStorageError, storageTrouble } from '../storage/health'
import type {
  BatchRow,
  ImportCounts,
  ImportsStore,
  PricesStore,
  SeenNumbers,
} from '../stores/stores'
import { batchCost, DestinationTally } from '../pricing/estimate'
import { BatchFeed } from './batch-feed'
import { CsvError, type CsvRow } from './csv'
import { RejectsWriter } from './rejects'
import {
  ACCEPTED,
  checkRow,
  messageOf,
  rowRenderer,
  STOP_LISTED,
  verdictOf,
  withLists,
  type CheckedRows,
  type RowResult,
  type RowRules,
} from './rows'
import {
  readRows,
  readSample,
  sniff,
  sniffSheet,
  type CsvFormat,
  type FormatChoice,
  type Sniffed,
} from './source'
import { isOldExcel, isZip, readWorkbook, WorkbookError, type SheetInfo } from './workbook'
import { sourceWorker } from '../workers'
import { openTextFile } from '../storage/text-file'
import { ZoneReader } from '../numbering/zones'
import { CANARY_HOLD, judge, parseCanary, type Canary } from './canary'
import { nextAllowed, type Offsets } from '../../../shared/quiet'
import { UploadError, Uploads, type Upload } from './uploads'

/** Most rows queued per transaction (the transactions are sized by time, see SLICE_MS). */
const QUEUE_CHUNK = 2000
/** Main's loop works this long at most before it gives others a turn (a window stays live). */
const SLICE_MS = 4
/** A stop-list up to this size is held in memory while a file is checked against it. */
const STOP_LIST_IN_MEMORY = 200_000
const PREVIEW_ACCEPTED = 10
/** Contacts read from their store at a time into a group's file. */
const CONTACTS_CHUNK = 2000
const PREVIEW_REJECTED = 100
/** Bytes of rejected-rows CSV per import.rejected reply. */
const REJECTS_PAGE = 96 * 1024
const PROGRESS_EVERY_MS = 100
/** First wait before writing again what the disk refused; doubles up to STORAGE_RETRY_MAX_MS. */
const STORAGE_RETRY_MS = 250
const STORAGE_RETRY_MAX_MS = 5000

/** What a batch needs to read its file again after an interruption (stored as JSON). */
interface StoredMapping {
  mapping: ImportMapping
  format: CsvFormat
  columns: string[]
  rowCount: number | null
}

/** Why an import is not queueing: the disk refused its rows, which wait in memory. */
type Waiting = NonNullable<BatchView['waiting']>

export class ImportService {
  readonly uploads: Uploads
  readonly store: ImportsStore
  /** What the profile charged lately: the summary's cost estimate. */
  private readonly prices: PricesStore
  /** Batches whose import loop is running: cancel tells it to stop. */
  private readonly importing = new Set<number>()
  /** Counters pushed as the batch's messages change (batch.updated). */
  private readonly feed = new BatchFeed((id) => this.pushCounters(id))

  /** Imports held back by the disk, by batch. */
  private readonly waiting = new Map<number, Waiting>()
  /** Messages of each batch refused for the provider's rate first, as answers arrive. */
  private readonly throttled = new Map<number, number>()

  /** `keptSources`: the files interrupted imports resume from (ImportsStore.keptSources). */
  constructor(
    private readonly ctx: CoreContext,
    keptSources: readonly string[] = [],
  ) {
    this.store = ctx.imports
    this.prices = ctx.prices
    this.uploads = new Uploads(join(ctx.options.dataDir, 'imports'), [...keptSources])
    this.workbookWorker =
      ctx.options.workbookWorker ?? sourceWorker(__filename, __dirname, 'workbook-worker.ts')
  }

  /** Where a workbook is read: its worker's script, or null for main's thread. */
  private readonly workbookWorker: string | null

  /** A message changed: its batch's counters follow shortly, to every window. */
  messageChanged(batchId: number | null): void {
    if (batchId !== null) this.feed.note(batchId)
  }

  /** Messages of these batches were refused for the provider's rate before their answer. */
  noteThrottled(batches: ReadonlyMap<number, number>): void {
    for (const [id, n] of batches) {
      this.throttled.set(id, (this.throttled.get(id) ?? 0) + n)
      this.feed.note(id)
    }
  }

  // ─── files ────────────────────────────────────────────────────────────────

  begin(name: string, size: number) {
    return this.guard(() => this.uploads.begin(basename(name), size).id)
  }

  chunk(uploadId: string, seq: number, dataBase64: string): number {
    return this.guard(() => this.uploads.chunk(uploadId, seq, Buffer.from(dataBase64, 'base64')))
  }

  async finish(uploadId: string): Promise<CsvAnalysis> {
    const u = this.guard(() => this.uploads.finish(uploadId))
    return this.analyse(u, {})
  }

  paste(text: string): Promise<CsvAnalysis> {
    return this.analyse(
      this.guard(() => this.uploads.paste(text)),
      {},
    )
  }

  /**
   * For the Electron shell: a file its own open dialog chose. Not reachable over the bridge,
   * so a renderer can never make main read a path of its choosing.
   */
  importFromFile(path: string): Promise<CsvAnalysis> {
    return this.analyse(
      this.guard(() => this.uploads.fromPath(path, basename(path))),
      {},
    )
  }

  reanalyse(uploadId: string, choice: FormatChoice): Promise<CsvAnalysis> {
    return this.analyse(
      this.guard(() => this.uploads.complete(uploadId)),
      choice,
    )
  }

  discard(uploadId: string): boolean {
    return this.guard(() => this.uploads.discard(uploadId))
  }

  private async analyse(u: Upload, choice: FormatChoice): Promise<CsvAnalysis> {
    return this.exclusive(u, async () => {
      const sample = await readSample(u.path)
      if (isOldExcel(sample.bytes)) throw refuse('BAD_REQUEST', 'workbook.oldExcel')
      // The fingerprint is read beside the rows; a failure of either is reported once.
      const hashing = u.fingerprint ? Promise.resolve(u.fingerprint) : fingerprintOf(u.path)
      hashing.catch(() => {})
      let sniffed: Sniffed
      let sheets: SheetInfo[] | null = null
      if (isZip(sample.bytes)) {
        sheets = u.sheets ?? (await this.readSheets(u))
        const sheet = choice.sheet ?? firstSheet(sheets)
        sniffed = await sniffSheet(this.sheetPath(u, sheet), sheet, choice.hasHeader)
      } else {
        sniffed = sniff(sample.bytes, sample.complete, choice)
      }
      u.format = sniffed.format
      u.columns = sniffed.columns
      u.rejectsReady = false
      u.checked = null
      const progress = this.progress(u.id, null, 'analyse', null)
      let rows = 0
      try {
        if (sniffed.format.sheet !== undefined) {
          // Counted as the workbook was read.
          rows = Math.max(
            0,
            sheets![sniffed.format.sheet]!.rows - (sniffed.format.hasHeader ? 1 : 0),
          )
        } else {
          for await (const chunk of readRows(u.path, sniffed.format)) {
            rows += chunk.length
            progress(rows)
          }
        }
        u.fingerprint = await hashing
      } catch (err) {
        progress(rows, true, errorText(err))
        if (err instanceof CsvError) throw refusal('BAD_REQUEST', err)
        throw err
      }
      progress(rows, true)
      u.analysis = {
        earlier: await this.earlierImport(u.fingerprint),
        uploadId: u.id,
        name: u.name,
        size: u.size,
        ...sniffed.format,
        columns: sniffed.columns,
        preview: sniffed.preview,
        rowCount: rows,
        phoneColumn: sniffed.phoneColumn,
        sheets: sheets?.map(({ name, rows, hidden }) => ({ name, rows, hidden })) ?? null,
        sheet: sniffed.format.sheet ?? null,
      }
      return u.analysis
    })
  }

  // ─── checking and queueing ──────────────────────────────────────────────────

  /** Every row checked; the rejected ones written to a CSV the operator can download. */
  async validate(m: ImportMapping): Promise<ImportSummary> {
    const u = this.analysed(m.uploadId)
    const profile = await this.ctx.requireProfile(m.profileId)
    checkedType('', m.messageType, messageTypesOf(profile))
    const template = compileTemplate(m.template)
    const unknown = unknownVariables(template, u.columns)
    const preview: ImportSummary['preview'] = []
    const rejectedPreview: RejectedRow[] = []
    const byReason: Partial<Record<RejectReason, number>> = {}
    let recipients = 0
    let rejected = 0
    let totalParts = 0
    const tally = new DestinationTally()
    let alreadyQueued = 0
    const phones: ImportSummary['phones'] = {
      local: 0,
      country: null,
      example: null,
      notMobile: 0,
      notMobileExample: null,
    }
    // Only a file and template imported before can have rows queued already.
    const owner = await this.store.firstBatchWithKey(await this.importKeyFor(u, m))
    /** Keys of a slice's accepted rows, looked up in the outbox together after the slice. */
    const keys: string[] = []
    const countQueued = async () => {
      if (keys.length === 0) return
      const batches = await this.ctx.outbox.batchesOfKeys(keys.splice(0))
      for (const b of batches) if (b !== undefined) alreadyQueued++
    }
    const each = (r: RowResult) => {
      if (r.ok) {
        if (owner !== null) keys.push(messageKey(owner, r.phone))
        recipients++
        totalParts += r.parts
        tally.add(r.phone, r.parts)
        if (r.localOf) {
          phones.local++
          phones.country ??= r.localOf
          phones.example ??= { written: r.written ?? r.phone, phone: r.phone }
        }
        if (r.notMobile) {
          phones.notMobile++
          phones.notMobileExample ??= r.phone
        }
        if (preview.length < PREVIEW_ACCEPTED) {
          preview.push({ line: r.line, phone: r.phone, text: r.text, parts: r.parts })
        }
      } else {
        rejected++
        byReason[r.reason] = (byReason[r.reason] ?? 0) + 1
        if (rejectedPreview.length < PREVIEW_REJECTED) rejectedPreview.push(rejectedView(r))
      }
    }
    await this.check(u, m, null, 'validate', each, undefined, false, countQueued)
    await countQueued()
    const priced = await tally.priced(this.ctx, profile.id, m.sender)
    // The prices known are an SMS part's: another type's is learnt from its reports.
    const typed = m.messageType !== undefined && m.messageType.type !== 'sms'
    const destinations = typed
      ? priced.map((d) => ({ ...d, perPart: null, amount: null, scope: null, sample: 0 }))
      : priced
    return {
      uploadId: u.id,
      rows: recipients + rejected,
      recipients,
      rejected,
      byReason,
      totalParts,
      preview,
      rejectedPreview,
      unknownVariables: unknown,
      phones,
      alreadyQueued,
      earlier: await this.earlierImport(u.fingerprint),
      cost: batchCost(destinations),
      destinations,
      profileId: profile.id,
      profileName: profile.name,
      sender: m.sender,
      scheduledAt: m.scheduledAt ?? null,
    }
  }

  /** Creates the batch and queues its rows in the background; progress comes as events. */
  async start(m: ImportMapping & { name?: string }): Promise<BatchView> {
    const u = this.analysed(m.uploadId)
    checkedType('', m.messageType, messageTypesOf(await this.ctx.requireProfile(m.profileId)))
    const template = compileTemplate(m.template)
    const unknown = unknownVariables(template, u.columns)
    if (unknown.length > 0) {
      throw refuse('BAD_REQUEST', 'import.unknownVariables', {
        variables: unknown.map((v) => `#${v}#`).join(', '),
      })
    }
    if (u.busy) throw refuse('CONFLICT', 'import.fileBusy')
    const format = u.format
    if (!format || !u.fingerprint) throw refuse('CONFLICT', 'import.notAnalysed')
    const stored: StoredMapping = {
      mapping: m,
      format,
      columns: u.columns,
      rowCount: u.analysis?.rowCount ?? null,
    }
    // Taken before the first wait for the store: a second start of this file is refused.
    u.busy = true
    let batch: BatchRow
    try {
      const profile = await this.ctx.requireProfile(m.profileId)
      batch = await this.store.createBatch({
        profileId: profile.id,
        name: m.name ?? `${u.name} → ${profile.name}`,
        sender: m.sender,
        template: m.template,
        source: u.name,
        scheduledAt: m.scheduledAt ?? null,
        importKey: await this.importKeyFor(u, m),
        importMapping: JSON.stringify(stored),
        sourcePath: u.path,
        canary: m.canary
          ? JSON.stringify({ ...m.canary, state: 'testing' } satisfies Canary)
          : null,
      })
    } catch (err) {
      u.busy = false
      throw err
    }
    this.run(u, m, batch)
    return this.view(batch)
  }

  /**
   * An import that broke off queues the rest of its file into the same batch, reading the file
   * it came from (kept in the data folder, or the desktop's own file) or an upload of the same
   * bytes. Its messages' keys are the batch's, so rows already queued are not queued again.
   */
  async resumeImport(batchId: number, uploadId?: string): Promise<BatchView> {
    const b = await this.requireBatch(batchId)
    if (b.import_state !== 'interrupted' || b.state === 'cancelled' || this.importing.has(b.id)) {
      throw refuse('CONFLICT', 'import.notResumable', { id: b.id })
    }
    // A resend reads no file: it reads its first batch again.
    const resendOf = parseResendMapping(b.import_mapping)
    if (resendOf !== null) {
      this.runResend(resendOf, b)
      return this.pushBatch(b.id)
    }
    const stored = parseStoredMapping(b.import_mapping)
    const fingerprint = b.import_key?.split(':')[0]
    if (!stored || !fingerprint) throw refuse('CONFLICT', 'import.notResumable', { id: b.id })
    let u: Upload
    if (uploadId !== undefined) {
      u = this.analysed(uploadId)
      if (u.busy) throw refuse('CONFLICT', 'import.fileBusy')
      if (u.fingerprint !== fingerprint) throw refuse('CONFLICT', 'import.otherFile', { id: b.id })
    } else {
      const path = b.source_path
      if (!path || !existsSync(path)) throw refuse('NOT_FOUND', 'import.sourceGone', { id: b.id })
      if ((await fingerprintOf(path)) !== fingerprint) {
        throw refuse('CONFLICT', 'import.sourceChanged', { id: b.id })
      }
      u = this.guard(() => this.uploads.fromPath(path, b.source ?? basename(path)))
      u.fingerprint = fingerprint
    }
    // Read as it was read the first time, whatever the new upload's analysis guessed.
    u.format = stored.format
    u.columns = stored.columns
    u.checked = null
    if (!(await this.store.resumeImport(b.id, u.path))) {
      throw refuse('CONFLICT', 'import.notResumable', { id: b.id })
    }
    const resumed = await this.requireBatch(b.id)
    this.run(u, stored.mapping, resumed, stored.rowCount)
    return this.pushBatch(b.id)
  }

  /** Queues in the background; whatever happens, it settles (never an unhandled rejection). */
  private run(u: Upload, m: ImportMapping, batch: BatchRow, rowCount?: number | null): void {
    u.busy = true
    this.importing.add(batch.id)
    this.hold(batch.id)
    this.queue(u, m, batch, rowCount ?? u.analysis?.rowCount ?? null)
      .catch((err: unknown) =>
        this.ctx.log('error', `import into batch ${batch.id}: ${errorText(err)}`),
      )
      .finally(() => {
        u.busy = false
        this.importing.delete(batch.id)
        this.letGo(batch.id)
        this.waiting.delete(batch.id)
        this.ctx.storage.recovered(`import:${batch.id}`)
      })
  }

  private async queue(
    u: Upload,
    m: ImportMapping,
    batch: BatchRow,
    rowCount: number | null,
  ): Promise<void> {
    const id = batch.id
    // The messages are keyed by the first batch of this file and template (this one, unless
    // it resumes or repeats an earlier import): short keys keep the outbox's key index small.
    const owner = batch.import_key
      ? ((await this.store.firstBatchWithKey(batch.import_key)) ?? id)
      : id
    const stop = async () =>
      !this.importing.has(id) || (await this.store.batch(id))?.state === 'cancelled'
    const scheduled = m.scheduledAt != null && m.scheduledAt > Date.now()
    // A resumed import counts on from what its batch holds; rejected and skipped rows are
    // counted again, since the whole file is read again.
    const count = { queued: batch.queued_rows, parts: batch.parts, rejected: 0, skipped: 0 }
    let pending: NewMessage[] = []
    let seen = 0
    // The check's verdicts, when this mapping was checked just before: its rows are not
    // checked again. Rows it left out for the stop-list alone are held until the stop-list is
    // looked up again (only if it changed since the check).
    const checked = this.checkedFor(u, m)
    let held: NewMessage[] = []
    const readmitted = new Set<string>()
    /** The stop-list as it is now decides the rows waiting to be queued. */
    const settle = async () => {
      if (!checked) return
      if ((await this.store.stopList.version()) === checked.stopListVersion) {
        count.rejected += held.length
        held = []
        return
      }
      // Changed since the check: the numbers of these rows, looked up again in one statement.
      const stopped = await this.store.stopList.stoppedAmong(
        [...new Set([...pending, ...held].map((p) => p.phone))],
        m.profileId,
      )
      if (stopped.size > 0) {
        const before = pending.length
        pending = pending.filter((p) => !stopped.has(p.phone))
        count.rejected += before - pending.length
      }
      // A number off the list since: its first row goes (the check saw no other row of it
      // get through), the rest are duplicates.
      for (const h of held) {
        if (stopped.has(h.phone) || readmitted.has(h.phone)) {
          count.rejected++
        } else {
          readmitted.add(h.phone)
          pending.push(h)
        }
      }
      held = []
    }

    /** Writes `write` once the disk takes it, saying meanwhile what waits and why. */
    const durably = async (write: () => Promise<void>): Promise<boolean> => {
      let delay = STORAGE_RETRY_MS
      for (;;) {
        try {
          await write()
          break
        } catch (err) {
          if (!isStorageError(err)) throw err
          const rows = pending.length + Math.max(0, (rowCount ?? 0) - seen)
          const since = this.waiting.get(id)?.since ?? Date.now()
          this.waiting.set(id, { reason: storageTrouble(err), rows, since })
          this.ctx.storage.failed(`import:${id}`, err, rows)
          this.pushCounters(id)
          if (await stop()) return false
          await sleep(delay)
          delay = Math.min(STORAGE_RETRY_MAX_MS, delay * 2)
        }
      }
      if (this.waiting.delete(id)) {
        this.ctx.storage.recovered(`import:${id}`)
        this.pushCounters(id)
      }
      return true
    }
    /** Rows per transaction, sized so that one takes about SLICE_MS. */
    let perSlice = 250
    const flush = async (): Promise<void> => {
      await settle()
      while (pending.length > 0) {
        const slice = pending.slice(0, perSlice)
        const started = performance.now()
        let cancelled = false
        const stored = await durably(async () => {
          // The slice's messages and the batch's progress commit together.
          const added = await this.store.queueSlice(id, slice, { ...count })
          if (!added) {
            // Cancelled while the slice was read: nothing of it, nor after it, is queued.
            cancelled = true
            pending = []
            held = []
            return
          }
          // Only once it is committed: a refused write keeps `pending` for the next try.
          count.queued += added.added
          count.parts += added.addedParts
          count.skipped += added.elsewhere
          pending = pending.slice(slice.length)
        })
        if (!stored || cancelled) return
        const took = performance.now() - started
        // Never below 500 rows: the time includes the storage worker's round trip, which a busy
        // machine stretches; slices of 50 made a resumed 300,000-row import crawl under load.
        perSlice = Math.max(500, Math.min(QUEUE_CHUNK, Math.round((perSlice * SLICE_MS) / took)))
        // A scheduled batch is not due: one wake at the end arms the dispatcher's timer for it.
        if (!scheduled) this.ctx.wake(m.profileId)
        if (pending.length > 0) await yieldToLoop()
      }
    }

    // Quiet hours: each message carries its recipient's zone, and one whose hour has not come
    // waits for it (later, the runtime holds those whose hour passes while they wait).
    const profile = await this.ctx.requireProfile(m.profileId)
    // Every row's SMSC type, with only that type's fields (absent: an SMS).
    const typed = normaliseTyped('', m.messageType).messageType
    const quiet = profile.quietHours ?? null
    const zones = quiet ? new ZoneReader() : null
    // A canary still testing: the first recipients go, the rest wait for its verdict (rows
    // come in the same order each time the file is read, so a resumed import holds the same).
    const canary = parseCanary(batch.canary)
    const holding = canary?.state === 'testing' ? canary.first : null
    let accepted = 0
    const message = (phone: string, text: string): NewMessage => {
      if (accepted++ === 0 && canary?.testNumbers?.length) {
        // The agent's test numbers get the first recipient's text, with the canary.
        const reader = new PhoneReader(phoneCountry(profile))
        for (const written of canary.testNumbers) {
          const checked = reader.read(written)
          if (!checked.ok) continue
          pending.push({
            ...messageOf(checked.phone, text, null, m.scheduledAt ?? null),
            idempotencyKey: `${messageKey(owner, checked.phone)}:test`,
          })
        }
      }
      if (holding !== null && accepted > holding) return messageOf(phone, text, null, CANARY_HOLD)
      const tz = zones?.offsets(phone, Date.now()) ?? null
      let scheduledAt = m.scheduledAt ?? null
      if (quiet && tz) {
        const from = Math.max(Date.now(), scheduledAt ?? 0)
        const at = nextAllowed(from, tz, quiet)
        if (at > from) scheduledAt = at
      }
      return messageOf(phone, text, tz, scheduledAt)
    }
    const messageOf = (
      phone: string,
      text: string,
      tz: Offsets | null,
      scheduledAt: number | null,
    ): NewMessage => ({
      profileId: m.profileId,
      sender: m.sender,
      phone,
      text,
      batchId: id,
      priority: 1,
      scheduledAt,
      tz,
      messageType: typed,
      // The file's fingerprint and template in the key: importing the same file again,
      // or resuming this import, cannot queue a number twice.
      idempotencyKey: messageKey(owner, phone),
    })
    const queueFull = async () => {
      if (pending.length + held.length >= QUEUE_CHUNK) await flush()
    }

    try {
      if (checked) {
        // Each slice's rows are queued in the same turn of the loop as they are read: none
        // waits in memory for a later turn.
        await this.replay(
          u,
          m,
          checked,
          id,
          (r, isHeld) => {
            seen++
            if (!r) count.rejected++
            else if (isHeld) held.push(message(r.phone, r.text))
            else pending.push(message(r.phone, r.text))
            return pending.length + held.length < perSlice
          },
          stop,
          async () => {
            if (pending.length + held.length > 0) await flush()
          },
        )
      } else {
        await this.check(
          u,
          m,
          id,
          'queue',
          (r) => {
            seen++
            if (r.ok) pending.push(message(r.phone, r.text))
            else count.rejected++
          },
          stop,
          true,
          queueFull,
        )
      }
      if ((await this.store.batch(id))?.state === 'cancelled') {
        await durably(() => this.store.setImportState(id, 'cancelled'))
      } else if (this.importing.has(id)) {
        await flush()
        await durably(() => this.store.finishImport(id, count))
      }
    } catch (err) {
      this.ctx.log('error', `import into batch ${id} failed: ${errorText(err)}`)
      try {
        if (pending.length > 0 || held.length > 0) await flush()
        await this.store.setImportState(id, 'failed', `The import stopped: ${errorText(err)}`)
      } catch (again) {
        // The batch stays `importing`: the next start marks it interrupted, to resume.
        this.ctx.log(
          'error',
          `batch ${id}: the failed import could not be recorded: ${errorText(again)}`,
        )
      }
    }
    this.ctx.wake(m.profileId)
    this.pushCounters(id)
  }

  /**
   * A check of every row with the mapping's rules; `each` sees every row's verdict. A check for
   * the summary (`validate`) writes the rejected rows to the upload's rejects CSV as they come
   * and keeps each row's verdict on the upload, so that queueing the same mapping reads them
   * instead of checking again; queueing with no such verdicts (an import started unchecked, or
   * resumed) checks its rows here, as it reads them.
   */
  private async check(
    u: Upload,
    m: ImportMapping,
    batchId: number | null,
    step: 'validate' | 'queue',
    each: (r: RowResult) => void,
    stop: () => Promise<boolean> = async () => false,
    alreadyBusy = false,
    afterChunk: () => Promise<void> = async () => {},
  ): Promise<void> {
    const format = u.format
    if (!format) throw refuse('CONFLICT', 'import.notAnalysed')
    const work = async () => {
      const seen = await this.store.seenNumbers()
      // Queueing re-reads a file its validation already reported on: no second rejects file
      // (nor a write the disk could refuse).
      const rejects =
        step === 'validate'
          ? new RejectsWriter(u.rejectsPath, format.delimiter === ';' ? ';' : ',', m.lang ?? 'en')
          : null
      const total = u.analysis?.rowCount ?? null
      // The verdicts of this check replace the last check's, once it has read the whole file.
      const recording =
        step === 'validate' ? this.recorder(u, m, total, await this.store.stopList.version()) : null
      if (rejects) u.rejectsReady = false
      const rules = await this.rulesFor(u, m)
      // A stop-list of ordinary size is looked up in memory; it is read again if it changes.
      let stopVersion = -1
      let stopList: Set<string> | null = null
      try {
        await this.slices(
          u,
          format,
          batchId,
          step,
          total,
          stop,
          afterChunk,
          async (rows, next, until) => {
            const version = await this.store.stopList.version()
            if (stopVersion !== version) {
              stopVersion = version
              stopList = await this.store.stopList.upTo(STOP_LIST_IN_MEMORY, m.profileId)
            }
            const from = next
            const judged = checkSlice(rows, next, until, rules, stopList)
            next = from + judged.length
            const lists = { profileId: m.profileId, inMemory: stopList }
            await this.withLists(rows, from, judged, rules, lists, seen, (row, r) => {
              if (!r.ok) rejects?.add(r, row.cells)
              recording?.add(r)
              each(r)
            })
            return next
          },
        )
        if (rejects) {
          rejects.close()
          u.rejectsReady = true
        }
        if (recording && !(await stop())) await recording.keep()
      } catch (err) {
        rejects?.close()
        throw err
      } finally {
        await seen.drop()
      }
    }
    if (alreadyBusy) return work()
    return this.exclusive(u, work)
  }

  /**
   * Queueing after a check of the same mapping: the rows are read again only to build their
   * messages, `each` seeing each accepted row (and each row left out for the stop-list alone,
   * `held`, for the queue to look up again if the stop-list changed since the check) and
   * saying whether the slice has room for more; null for a row left out.
   */
  private async replay(
    u: Upload,
    m: ImportMapping,
    checked: CheckedRows,
    batchId: number,
    each: (row: { phone: string; text: string } | null, held: boolean) => boolean,
    stop: () => Promise<boolean>,
    afterChunk: () => Promise<void>,
  ): Promise<void> {
    const format = u.format
    if (!format) throw refuse('CONFLICT', 'import.notAnalysed')
    const { codes } = checked
    const rules = await this.rulesFor(u, m)
    let index = 0
    await this.slices(
      u,
      format,
      batchId,
      'queue',
      codes.length,
      stop,
      afterChunk,
      (rows, next, until) => {
        if (index + rows.length - next > codes.length) {
          throw new Error('the file changed after it was checked: check it again')
        }
        let room: boolean
        do {
          const row = rows[next++] as CsvRow
          const verdict = codes[index++]
          if (verdict === ACCEPTED) {
            room = each(messageOf(row, rules), false)
          } else if (verdict === STOP_LISTED) {
            // Left out for the stop-list before the provider's check: that check now, in case
            // the number leaves the list before the row is queued.
            const message = messageOf(row, rules)
            const objection = rules.providerCheck(message.phone, message.text)
            room = objection ? each(null, false) : each(message, true)
          } else {
            room = each(null, false)
          }
        } while (room && next < rows.length && performance.now() < until)
        return next
      },
    )
    if (!(await stop()) && index !== codes.length) {
      throw new Error('the file changed after it was checked: check it again')
    }
  }

  /**
   * Reads the file's rows and hands them to `slice` a few milliseconds' worth at a time
   * (`slice` takes rows from `next` until the time `until` and says where it stopped), main's
   * loop getting a turn between slices; progress is reported as it goes.
   */
  private async slices(
    u: Upload,
    format: CsvFormat,
    batchId: number | null,
    step: 'validate' | 'queue',
    total: number | null,
    stop: () => Promise<boolean>,
    afterChunk: () => Promise<void>,
    slice: (rows: CsvRow[], next: number, until: number) => number | Promise<number>,
  ): Promise<void> {
    const progress = this.progress(u.id, batchId, step, total)
    let done = 0
    try {
      for await (const rows of readRows(await this.rowsPath(u, format), format)) {
        let next = 0
        while (next < rows.length) {
          if (await stop()) break
          const from = next
          next = await slice(rows, next, performance.now() + SLICE_MS)
          done += next - from
          progress(done)
          await afterChunk()
          await yieldToLoop()
        }
        if (await stop()) break
      }
      progress(done, true)
    } catch (err) {
      progress(done, true, errorText(err))
      if (err instanceof CsvError) throw refusal('BAD_REQUEST', err)
      throw err
    }
  }

  /**
   * A slice's verdicts with the stop-list and the duplicates, looked up for the whole slice:
   * one lookup of the stop-list when it is not in memory, one of the numbers seen. `each`
   * sees every row's final verdict, in order.
   */
  private async withLists(
    rows: readonly CsvRow[],
    from: number,
    judged: readonly Judged[],
    rules: Pick<RowRules, 'phoneColumn'>,
    stopList: { profileId: string; inMemory: Set<string> | null },
    seen: SeenNumbers,
    each: (row: CsvRow, r: RowResult) => void,
  ): Promise<void> {
    let stopped = stopList.inMemory
    if (!stopped) {
      const reached = new Set<string>()
      for (const j of judged) if (j.reached !== null) reached.add(j.reached)
      stopped =
        reached.size > 0
          ? await this.store.stopList.stoppedAmong([...reached], stopList.profileId)
          : new Set()
    }
    const candidates: string[] = []
    for (const j of judged) {
      if (j.r.ok && j.reached !== null && !stopped.has(j.reached)) candidates.push(j.reached)
    }
    const first = candidates.length > 0 ? await seen.addMany(candidates) : []
    let k = 0
    for (const [i, j] of judged.entries()) {
      const row = rows[from + i] as CsvRow
      const r =
        j.reached === null
          ? j.r
          : withLists(row, rules, j.r, j.reached, stopped.has(j.reached), () => first[k++] === true)
      each(row, r)
    }
  }

  /** The rules a row is checked by (stop-list and duplicates are the caller's to fill in). */
  private async rulesFor(u: Upload, m: ImportMapping): Promise<RowRules> {
    const connection = this.ctx.connection(m.profileId)
    const template = compileTemplate(m.template)
    const profile = await this.ctx.requireProfile(m.profileId)
    const offered = messageTypesOf(profile)
    const type = m.messageType?.type ?? 'sms'
    return {
      phones: new PhoneReader(phoneCountry(profile)),
      columns: u.columns,
      phoneColumn: m.phoneColumn,
      template,
      render: rowRenderer(u.columns, template),
      maxParts: m.maxParts ?? DEFAULT_MAX_PARTS,
      type,
      // Looked up for a whole slice at once (withLists): here no number is on either list.
      isStopped: () => false,
      firstTime: () => true,
      providerCheck: (phone, text) =>
        (type === 'sms' ? strayType(text, offered) : null) ??
        connection?.check?.({ sender: m.sender, phone, text }) ??
        null,
    }
  }

  /** Everything of a mapping that decides a row's verdict, as one string. */
  private verdictKey(u: Upload, m: ImportMapping): string {
    return JSON.stringify([
      u.format,
      u.columns,
      m.profileId,
      m.sender,
      m.phoneColumn,
      m.template,
      m.maxParts ?? DEFAULT_MAX_PARTS,
      m.messageType ?? null,
    ])
  }

  /**
   * Collects a check's verdicts; `keep` hands them to the upload if they still describe the
   * file and the stop-list as they are (a stop-list changed during the check could have
   * judged one number both ways).
   */
  private recorder(u: Upload, m: ImportMapping, total: number | null, stopListVersion: number) {
    u.checked = null
    const codes = new Uint8Array(total ?? 0)
    const connection = this.ctx.connection(m.profileId)
    const before = statOf(u.path)
    let n = 0
    return {
      add: (r: RowResult) => {
        if (n < codes.length) codes[n] = verdictOf(r)
        n++
      },
      keep: async () => {
        const version = await this.store.stopList.version()
        const now = statOf(u.path)
        if (
          total === null ||
          n !== total ||
          stopListVersion !== version ||
          !before ||
          !now ||
          now.size !== before.size ||
          now.mtimeMs !== before.mtimeMs
        ) {
          return
        }
        u.checked = {
          mapping: this.verdictKey(u, m),
          connection,
          stopListVersion,
          size: now.size,
          mtimeMs: now.mtimeMs,
          codes,
        }
      },
    }
  }

  /** The last check's verdicts, if they hold for this mapping and the file as it is now. */
  private checkedFor(u: Upload, m: ImportMapping): CheckedRows | null {
    const c = u.checked
    if (!c || c.mapping !== this.verdictKey(u, m)) return null
    if (c.connection !== this.ctx.connection(m.profileId)) return null
    const now = statOf(u.path)
    if (!now || now.size !== c.size || now.mtimeMs !== c.mtimeMs) return null
    return c
  }

  /** The rejected rows as CSV text, from a byte offset, cut on a character boundary. */
  rejectedPage(uploadId: string, offset: number): { text: string; nextOffset: number | null } {
    const u = this.guard(() => this.uploads.get(uploadId))
    if (!u.rejectsReady) throw refuse('CONFLICT', 'import.checkFirst')
    const fd = openSync(u.rejectsPath, 'r')
    try {
      const buf = Buffer.alloc(REJECTS_PAGE)
      const n = readSync(fd, buf, 0, REJECTS_PAGE, offset)
      let end = n
      if (n === REJECTS_PAGE) {
        // Back off to the start of a UTF-8 character so no character is split between pages.
        while (end > 0 && ((buf[end] ?? 0) & 0xc0) === 0x80) end--
      }
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(buf.subarray(0, end))
      return { text, nextOffset: n === REJECTS_PAGE ? offset + end : null }
    } finally {
      closeSync(fd)
    }
  }

  // ─── batches ──────────────────────────────────────────────────────────────

  async list(limit: number): Promise<BatchView[]> {
    return Promise.all((await this.store.recent(limit)).map((b) => this.view(b)))
  }

  async get(id: number): Promise<BatchView> {
    return this.view(await this.requireBatch(id))
  }

  async pause(id: number): Promise<BatchView> {
    const b = await this.requireBatch(id)
    if (!(await this.store.setState(id, ['running'], 'paused'))) {
      throw refuse('CONFLICT', 'batch.notRunning', { id, state: b.state })
    }
    return this.pushBatch(id)
  }

  async resume(id: number): Promise<BatchView> {
    const b = await this.requireBatch(id)
    if (!(await this.store.setState(id, ['paused'], 'running'))) {
      throw refuse('CONFLICT', 'batch.notPaused', { id, state: b.state })
    }
    // The agent resumes a batch its canary paused: they take over, and the rest go.
    const canary = parseCanary(b.canary)
    if (canary?.state === 'paused') {
      await this.store.setCanary(id, JSON.stringify({ ...canary, state: 'off' }))
      await this.ctx.outbox.releaseHeld(id, CANARY_HOLD)
    }
    this.ctx.wake(b.profile_id)
    return this.pushBatch(id)
  }

  async cancel(id: number): Promise<BatchView> {
    const b = await this.requireBatch(id)
    // The batch and its unsent messages in one transaction: none is claimed in between.
    const cancelled = await this.store.cancelBatch(id)
    if (cancelled === null) {
      throw refuse('CONFLICT', 'batch.nothingToCancel', { id, state: b.state })
    }
    this.ctx.log('info', `batch ${id}: ${cancelled} unsent message(s) cancelled`)
    return this.pushBatch(id)
  }

  /**
   * A batch's failed and expired messages sent again, as a new batch of their own (so the
   * first keeps its outcome and the second its own): queued a slice at a time, like an import,
   * each message naming the one it repeats; a number on the stop-list since is left out. The
   * same request key again returns the batch it made (and goes on with it if a restart
   * interrupted it); a resend interrupted by a restart can also be resumed from its panel.
   */
  async resendFailed(batchId: number, requestKey: string): Promise<BatchView> {
    const b = await this.requireBatch(batchId)
    const importKey = `resend:${b.id}:${requestKey}`
    const made = await this.store.firstBatchWithKey(importKey)
    if (made !== null) {
      const again = await this.requireBatch(made)
      if (this.resumable(again)) this.runResend(b.id, again)
      return this.view(again)
    }
    if ((await this.ctx.outbox.resendableCount(b.id)) === 0) {
      throw refuse('CONFLICT', 'batch.nothingToResend', { id: b.id })
    }
    await this.ctx.requireProfile(b.profile_id)
    const batch = await this.store.createBatch({
      profileId: b.profile_id,
      name: `${b.name} ↻`,
      sender: b.sender ?? '',
      template: b.template ?? '',
      source: b.source ?? '',
      scheduledAt: null,
      importKey,
      importMapping: JSON.stringify({ resendOf: b.id } satisfies ResendMapping),
      sourcePath: null,
    })
    this.runResend(b.id, batch)
    return this.pushBatch(batch.id)
  }

  private runResend(from: number, batch: BatchRow): void {
    const id = batch.id
    this.importing.add(id)
    this.hold(id)
    const key = batch.import_key ?? `resend:${from}:${id}`
    const resend = async () => {
      // What earlier tries queued was recorded with them: count on from there.
      let counts: ImportCounts = {
        queued: batch.queued_rows,
        parts: batch.parts,
        rejected: 0,
        skipped: batch.skipped,
      }
      if (batch.import_state === 'interrupted' && !(await this.store.resumeImport(id, ''))) return
      let after = 0
      for (;;) {
        const slice = await this.store.resendSlice(from, id, key, after, counts)
        if (slice === null) {
          await this.store.setImportState(id, 'cancelled')
          return
        }
        counts = slice.counts
        this.ctx.wake(batch.profile_id)
        this.pushCounters(id)
        if (slice.lastId === null) break
        after = slice.lastId
      }
      await this.store.finishImport(id, counts)
    }
    // A failure (a full disk) is said on the batch; sending the first batch's failed again
    // later goes on with those not sent again yet.
    resend()
      .catch(async (err: unknown) => {
        this.ctx.log('error', `resend into batch ${id} failed: ${errorText(err)}`)
        await this.store
          .setImportState(id, 'failed', `Sending again stopped: ${errorText(err)}`)
          .catch(() => undefined)
      })
      .finally(() => {
        this.importing.delete(id)
        this.letGo(id)
        this.ctx.wake(batch.profile_id)
        this.pushCounters(id)
      })
  }

  /** Whether this console (this server) is queueing the batch now. */
  runs(batchId: number): boolean {
    return this.importing.has(batchId)
  }

  /** Several servers: the batch's lease says this server queues it (see CoreContext.leases). */
  private hold(id: number): void {
    this.ctx.leases?.acquire(`import:${id}`).catch((err: unknown) => {
      this.ctx.log('warn', `batch ${id}: its lease could not be taken: ${errorText(err)}`)
    })
  }

  private letGo(id: number): void {
    void this.ctx.leases?.release(`import:${id}`).catch(() => {})
  }

  private async requireBatch(id: number): Promise<BatchRow> {
    const b = await this.store.batch(id)
    if (!b) throw refuse('NOT_FOUND', 'batch.notFound', { id })
    return b
  }

  private pushCounters(id: number): void {
    const said = (err: unknown) =>
      this.ctx.log('warn', `batch ${id}: counters not pushed: ${errorText(err)}`)
    this.store
      .batch(id)
      .then((b) => (b ? this.view(b) : null))
      .then(
        (view) => {
          if (view) this.ctx.emit('batch.updated', view)
        },
        (err: unknown) => said(err),
      )
  }

  /**
   * The canary's verdict acted on: the rest released, or the batch paused with the reason.
   * True when it changed something (the view is read again).
   */
  private async judgeCanary(
    b: BatchRow,
    canary: Canary,
    counts: Partial<Record<string, number>>,
  ): Promise<boolean> {
    const throttled = this.throttled.get(b.id) ?? canary.throttled ?? 0
    const v = judge(canary, counts, b.import_state === 'done', throttled)
    if (v.kind === 'wait') return false
    const tally = { failed: v.failed, outcomes: v.outcomes, out: v.out, throttled: v.throttled }
    if (v.kind === 'release') {
      await this.store.setCanary(b.id, JSON.stringify({ ...canary, state: 'watching', ...tally }))
      const released = await this.ctx.outbox.releaseHeld(b.id, CANARY_HOLD)
      this.ctx.log(
        'info',
        `batch ${b.id}: canary passed (${v.failed} of ${v.outcomes} failed): ${released} released`,
      )
      this.ctx.wake(b.profile_id)
      return true
    }
    if (!(await this.store.setState(b.id, ['running'], 'paused'))) return false
    await this.store.setCanary(
      b.id,
      JSON.stringify({ ...canary, state: 'paused', cause: v.cause, ...tally }),
    )
    this.ctx.log(
      'warn',
      v.cause === 'throttling'
        ? `batch ${b.id}: paused by its canary: ${v.throttled} of ${v.out} messages throttled`
        : `batch ${b.id}: paused by its canary: ${v.failed} of ${v.outcomes} failed`,
    )
    return true
  }

  private async pushBatch(id: number): Promise<BatchView> {
    const view = await this.view(await this.requireBatch(id))
    this.ctx.emit('batch.updated', view)
    return view
  }

  /** A batch as the windows see it; its counters are counted off main's thread. */
  private async view(row: BatchRow): Promise<BatchView> {
    let b = row
    let c = await this.ctx.history.batchCounts(b.id)
    let canary = parseCanary(b.canary)
    if (canary && b.state === 'running' && (await this.judgeCanary(b, canary, c))) {
      b = await this.requireBatch(b.id)
      c = await this.ctx.history.batchCounts(b.id)
      canary = parseCanary(b.canary)
    }
    // Its scheduled messages wait for the canary, or for the batch's own time, else for their
    // recipients' quiet hours.
    const heldByBatch =
      canary?.state === 'testing' ||
      canary?.state === 'paused' ||
      (b.scheduled_at !== null && b.scheduled_at > Date.now())
    const counters = {
      queued: (c.queued ?? 0) + (c.scheduled ?? 0) + (c.sending ?? 0),
      sent: c.accepted ?? 0,
      delivered: c.delivered ?? 0,
      failed: (c.failed ?? 0) + (c.expired ?? 0),
      uncertain: c.uncertain ?? 0,
      cancelled: c.cancelled ?? 0,
    }
    let state = b.state
    // A running batch whose import ended and whose every message has an outcome is done; one
    // whose import broke off waits to be resumed or cancelled. (Read again: the batch may have
    // moved on while it was counted.)
    const open = counters.queued + counters.sent
    const ended = b.import_state !== 'importing' && b.import_state !== 'interrupted'
    if (state === 'running' && ended && open === 0 && !this.importing.has(b.id)) {
      // Another view of the same moment may have moved it first: the state is what it says.
      if (await this.store.setState(b.id, ['running'], 'done')) state = 'done'
      else state = (await this.store.batch(b.id))?.state ?? state
    }
    return {
      id: b.id,
      name: b.name,
      profileId: b.profile_id,
      sender: b.sender,
      state,
      importState: b.import_state,
      total: b.total,
      rejected: b.rejected,
      parts: b.parts,
      scheduledAt: b.scheduled_at,
      createdAt: b.created_at,
      error: b.error,
      counters,
      skipped: b.skipped,
      resumable: this.resumable(b),
      held: heldByBatch ? 0 : (c.scheduled ?? 0),
      canary: canaryView(canary),
      waiting: this.waiting.get(b.id) ?? null,
    }
  }

  private resumable(b: BatchRow): boolean {
    return b.import_state === 'interrupted' && b.state !== 'cancelled' && !this.importing.has(b.id)
  }

  /** The latest batch made from the file with this fingerprint. */
  private async earlierImport(fingerprint: string | null): Promise<EarlierImport | null> {
    const b = fingerprint ? await this.store.latestFromFile(fingerprint) : null
    if (!b) return null
    return {
      batchId: b.id,
      name: b.name,
      createdAt: b.created_at,
      state: b.state,
      importState: b.import_state,
      queued: b.queued_rows,
      resumable: this.resumable(b),
    }
  }

  /**
   * The key prefix of this file and template's messages. The same again unless `repeat`, which
   * starts a new generation so the numbers already sent to are messaged once more.
   */
  private async importKeyFor(u: Upload, m: ImportMapping): Promise<string> {
    const base = keyBase(u, m)
    const latest = await this.store.latestImportKey(base)
    const generation = latest ? Number(latest.split(':')[2] ?? 0) || 0 : 0
    return `${base}:${latest && m.repeat ? generation + 1 : generation}`
  }

  // ─── stop-list ──────────────────────────────────────────────────────────────

  /** Numbers on the stop-list for one profile, or for every profile (''). */
  async addStopped(
    phones: readonly string[],
    note: string | null,
    profileId = '',
  ): Promise<number> {
    await this.stopScope(profileId)
    const normal: string[] = []
    for (const [i, p] of phones.entries()) {
      const checked = normalisePhone(p)
      if (!checked.ok) throw refuseField(`phones.${i}`, checked)
      normal.push(checked.phone)
    }
    return this.store.stopList.add(normal, note, profileId)
  }

  removeStopped(phones: readonly string[], profileId: string | null = null): Promise<number> {
    return this.store.stopList.remove(
      phones.map((p) => p.replace(/\D/g, '')),
      profileId,
    )
  }

  /** A stop-list entry holds for every profile ('') or for one that exists. */
  private async stopScope(profileId: string): Promise<void> {
    if (profileId !== '') await this.ctx.requireProfile(profileId)
  }

  /** Opt-outs from a file: every valid number of the column joins the stop-list. */
  async importStopList(
    uploadId: string,
    phoneColumn: number,
    note: string | null,
    profileId = '',
  ): Promise<{ added: number; invalid: number }> {
    await this.stopScope(profileId)
    const u = this.analysed(uploadId)
    const format = u.format
    if (!format) throw refuse('CONFLICT', 'import.notAnalysed')
    return this.exclusive(u, async () => {
      let added = 0
      let invalid = 0
      let done = 0
      const progress = this.progress(u.id, null, 'stoplist', u.analysis?.rowCount ?? null)
      for await (const rows of readRows(await this.rowsPath(u, format), format)) {
        const phones: string[] = []
        for (const row of rows) {
          const checked = normalisePhone(row.cells[phoneColumn] ?? '')
          if (checked.ok) phones.push(checked.phone)
          else invalid++
        }
        added += await this.store.stopList.add(phones, note, profileId)
        done += rows.length
        progress(done)
        await yieldToLoop()
      }
      progress(done, true)
      return { added, invalid }
    })
  }

  /**
   * Contacts from a file: each readable number of the phone column becomes (or updates) a
   * contact, named by the name column, every other column one of its fields.
   */
  async importContacts(o: {
    uploadId: string
    phoneColumn: number
    nameColumn: number | null
    groupId: number | null
    tag: string | null
    country: string | null
  }): Promise<{
    added: number
    updated: number
    invalid: number
    invalidRows: { line: number; phone: string; reason: string }[]
  }> {
    const u = this.analysed(o.uploadId)
    const format = u.format
    if (!format) throw refuse('CONFLICT', 'import.notAnalysed')
    if (o.groupId !== null && !(await this.ctx.contacts.hasGroup(o.groupId))) {
      throw refuse('NOT_FOUND', 'group.notFound', { id: o.groupId })
    }
    // Every column but the number and the name is a field, by its header's name.
    const fieldColumns = u.columns
      .map((name, i) => ({ name: name.trim().slice(0, MAX_FIELD_NAME), i }))
      .filter((c) => c.i !== o.phoneColumn && c.i !== o.nameColumn && c.name !== '')
      .slice(0, MAX_CONTACT_FIELDS)
    const reader = new PhoneReader(o.country)
    return this.exclusive(u, async () => {
      let added = 0
      let updated = 0
      let invalid = 0
      const invalidRows: { line: number; phone: string; reason: string }[] = []
      let done = 0
      const progress = this.progress(u.id, null, 'contacts', u.analysis?.rowCount ?? null)
      for await (const rows of readRows(await this.rowsPath(u, format), format)) {
        const batch: ContactRow[] = []
        for (const row of rows) {
          const written = row.cells[o.phoneColumn] ?? ''
          const checked = reader.read(written)
          if (!checked.ok) {
            invalid++
            if (invalidRows.length < PREVIEW_REJECTED) {
              invalidRows.push({ line: row.line, phone: written, reason: checked.reason })
            }
            continue
          }
          const fields: Record<string, string> = {}
          for (const c of fieldColumns) {
            const v = (row.cells[c.i] ?? '').trim()
            if (v !== '') fields[c.name] = v.slice(0, MAX_FIELD_VALUE)
          }
          const name = o.nameColumn === null ? '' : (row.cells[o.nameColumn] ?? '').trim()
          batch.push({ phone: checked.phone, name: name.slice(0, 200), fields })
        }
        const merged = await this.ctx.contacts.merge(batch, o.groupId, o.tag)
        added += merged.added
        updated += merged.updated
        done += rows.length
        progress(done)
        await yieldToLoop()
      }
      progress(done, true)
      return { added, updated, invalid, invalidRows }
    })
  }

  /**
   * The contacts a filter finds (a group, a tag) as a file for the bulk import: a column for the
   * number, one for the name, one per field any of them has — the template's variables.
   */
  async fromContacts(filter: ContactFilter, name: string): Promise<CsvAnalysis> {
    const fields = await this.ctx.contacts.fieldNames(filter)
    const u = this.guard(() => this.uploads.make(name))
    const out = openTextFile(u.path)
    try {
      await out.write(csvLine(['phone', 'name', ...fields], ','))
      let after = ''
      for (;;) {
        const chunk = await this.ctx.contacts.chunk(filter, after, CONTACTS_CHUNK)
        if (chunk.length === 0) break
        await out.write(
          chunk
            .map((c) =>
              // Read back by this import alone: written as they are, nothing guarded.
              csvLine(
                [c.phone, c.name, ...fields.map((f) => c.fields[f] ?? '')].map((value) => ({
                  value,
                  guard: false,
                })),
                ',',
              ),
            )
            .join(''),
        )
        after = chunk.at(-1)!.phone
        if (chunk.length < CONTACTS_CHUNK) break
      }
      await out.close()
    } catch (err) {
      out.destroy()
      this.uploads.discard(u.id)
      throw err
    }
    this.uploads.made(u)
    return this.analyse(u, { encoding: 'utf-8', delimiter: ',', hasHeader: true })
  }

  close(): void {
    this.feed.stop()
    this.importing.clear()
    this.uploads.closeAll()
  }

  // ─── helpers ──────────────────────────────────────────────────────────────

  private analysed(uploadId: string): Upload {
    const u = this.guard(() => this.uploads.complete(uploadId))
    if (!u.analysis) throw refuse('CONFLICT', 'import.notAnalysed')
    return u
  }

  /** Where a pass reads the rows of `format`: the file itself, or its sheet's CSV. */
  private async rowsPath(u: Upload, format: CsvFormat): Promise<string> {
    if (format.sheet === undefined) return u.path
    // A workbook read again after a restart (an interrupted import resuming).
    if (!u.sheets) await this.readSheets(u)
    return this.sheetPath(u, format.sheet)
  }

  private sheetPath(u: Upload, sheet: number): string {
    const s = u.sheets?.[sheet]
    if (!s) throw refuse('BAD_REQUEST', 'workbook.noSuchSheet', { sheet: sheet + 1 })
    return s.path
  }

  /** Every sheet of a workbook into CSV, once per upload, off main's thread. */
  private async readSheets(u: Upload): Promise<SheetInfo[]> {
    const progress = this.progress(u.id, null, 'analyse', null)
    let read = 0
    try {
      u.sheets = await readWorkbook(
        u.path,
        u.sheetsDir,
        this.workbookWorker,
        (rows) => progress((read = rows)),
        u.closing.signal,
      )
    } catch (err) {
      progress(read, true, errorText(err))
      if (err instanceof WorkbookError) throw refusal('BAD_REQUEST', err)
      throw err
    }
    return u.sheets
  }

  /** One pass over a file at a time. */
  private async exclusive<T>(u: Upload, fn: () => Promise<T>): Promise<T> {
    if (u.busy) throw refuse('CONFLICT', 'import.fileBusy')
    u.busy = true
    try {
      return await fn()
    } finally {
      u.busy = false
    }
  }

  private progress(
    uploadId: string,
    batchId: number | null,
    step: ImportProgress['step'],
    total: number | null,
  ) {
    let last = 0
    return (current: number, done = false, error: string | null = null) => {
      const now = Date.now()
      if (!done && now - last < PROGRESS_EVERY_MS) return
      last = now
      this.ctx.emit('import.progress', { uploadId, batchId, step, current, total, done, error })
    }
  }

  private guard<T>(fn: () => T): T {
    try {
      return fn()
    } catch (err) {
      if (err instanceof UploadError) throw refusal(err.code, err)
      throw err
    }
  }
}

/** A row checked with every rule but the stop-list and the duplicates. */
interface Judged {
  r: RowResult
  /** The row's number, if the row got as far as the stop-list; null otherwise. */
  reached: string | null
}

/**
 * Rows from `next` until the time `until`, checked with every rule but the duplicates and a
 * stop-list not held in memory (withLists applies those to the whole slice).
 */
function checkSlice(
  rows: readonly CsvRow[],
  next: number,
  until: number,
  rules: RowRules,
  stopList: ReadonlySet<string> | null,
) {
  const out: Judged[] = []
  let reached = null as string | null
  const open: RowRules = {
    ...rules,
    // A stop-list held in memory decides here; a larger one is looked up for the slice.
    isStopped: (p) => {
      reached = p
      return stopList ? stopList.has(p) : false
    },
    firstTime: () => true,
  }
  do {
    reached = null
    const r = checkRow(rows[next++] as CsvRow, open)
    out.push({ r, reached })
  } while (next < rows.length && performance.now() < until)
  return out
}

function rejectedView(r: Extract<RowResult, { ok: false }>): RejectedRow {
  return r.phrase
    ? { line: r.line, phone: r.phone, reason: r.reason, detail: r.detail, phrase: r.phrase }
    : { line: r.line, phone: r.phone, reason: r.reason, detail: r.detail }
}

/** sha256 of a file's bytes, read in small chunks (16 hex digits are plenty to tell files apart). */
export async function fingerprintOf(path: string): Promise<string> {
  const hash = createHash('sha256')
  const stream = createReadStream(path, { highWaterMark: 256 * 1024 })
  for await (const chunk of stream as AsyncIterable<Buffer>) hash.update(chunk)
  return hash.digest('hex').slice(0, 16)
}

/** `<file fingerprint>:<template fingerprint>`: one file sent with one template. */
function keyBase(u: Upload, m: ImportMapping): string {
  if (!u.fingerprint) throw refuse('CONFLICT', 'import.notAnalysed')
  const template = createHash('sha256').update(m.template).digest('hex').slice(0, 8)
  return `${u.fingerprint}:${template}`
}

/** A queued row's key: the first batch made from its file and template, and the number. */
function messageKey(ownerBatchId: number, phone: string): string {
  return `import:${ownerBatchId}:${phone}`
}

function statOf(path: string): { size: number; mtimeMs: number } | null {
  try {
    const s = statSync(path)
    return { size: s.size, mtimeMs: s.mtimeMs }
  } catch {
    return null
  }
}

/** What a batch made by "send the failed again" keeps as its mapping: the batch it repeats. */
interface ResendMapping {
  resendOf: number
}

function parseResendMapping(json: string | null): number | null {
  if (!json) return null
  try {
    const v = JSON.parse(json) as Partial<ResendMapping>
    return typeof v.resendOf === 'number' ? v.resendOf : null
  } catch {
    return null
  }
}

function parseStoredMapping(json: string | null): StoredMapping | null {
  if (!json) return null
  try {
    const v = JSON.parse(json) as Partial<StoredMapping>
    return v.mapping && v.format && Array.isArray(v.columns) ? (v as StoredMapping) : null
  } catch {
    return null
  }
}

/**
 * The sheet read unless the operator chooses: the shown one with the most rows (the list, not
 * its notes or totals); a hidden one only when nothing else has rows.
 */
export function firstSheet(sheets: readonly Pick<SheetInfo, 'rows' | 'hidden'>[]): number {
  let best = -1
  sheets.forEach((s, i) => {
    const b = sheets[best]
    if (s.rows > 0 && (!b || (b.hidden && !s.hidden) || (b.hidden === s.hidden && s.rows > b.rows)))
      best = i
  })
  return Math.max(0, best)
}

function canaryView(c: Canary | null): BatchView['canary'] {
  if (!c) return null
  return {
    first: c.first,
    failPercent: c.failPercent,
    throttlePercent: c.throttlePercent ?? null,
    state: c.state,
    failed: c.failed ?? null,
    outcomes: c.outcomes ?? null,
    out: c.out ?? null,
    throttled: c.throttled ?? null,
    cause: c.cause ?? null,
  }
}
