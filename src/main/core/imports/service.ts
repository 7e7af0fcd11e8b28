/**
 * The bulk import, end to end: a file (uploaded, pasted or opened by the shell) is analysed,
 * checked row by row against the operator's mapping, and queued as one batch — streamed in
 * chunks, one transaction each, main's event loop getting a turn between them — then paused,
 * resumed or cancelled while it sends.
 */
import { closeSync, openSync, readSync } from 'node:fs'
import { basename, join } from 'node:path'
import { setImmediate as yieldToLoop } from 'node:timers/promises'
import {
  DEFAULT_MAX_PARTS,
  type BatchView,
  type CsvAnalysis,
  type ImportMapping,
  type ImportProgress,
  type ImportSummary,
  type RejectReason,
  type RejectedRow,
} from '../../../shared/calls/imports'
import { normalisePhone } from '../../../shared/phone'
import { compileTemplate, unknownVariables } from '../../../shared/template'
import { ApiError, refusal, refuse } from '../api/router'
import type { CoreContext } from '../context'
import type { NewMessage } from '../outbox/outbox'
import { errorText } from '../providers/error-phrase'
import { BatchFeed } from './batch-feed'
import { CsvError } from './csv'
import { RejectsWriter } from './rejects'
import { checkRow, type RowResult, type RowRules } from './rows'
import { readRows, readSample, sniff, type FormatChoice } from './source'
import { ImportStore, type BatchRow } from './store'
import { UploadError, Uploads, type Upload } from './uploads'

/** Rows queued per transaction: big enough to amortise the commit, small enough to yield often. */
const QUEUE_CHUNK = 2000
const PREVIEW_ACCEPTED = 10
const PREVIEW_REJECTED = 100
/** Bytes of rejected-rows CSV per import.rejected reply. */
const REJECTS_PAGE = 96 * 1024
const PROGRESS_EVERY_MS = 100

export class ImportService {
  readonly uploads: Uploads
  readonly store: ImportStore
  /** Batches whose import loop is running: cancel tells it to stop. */
  private readonly importing = new Set<number>()
  /** Counters pushed as the batch's messages change (batch.updated). */
  private readonly feed = new BatchFeed((id) => this.pushCounters(id))

  constructor(private readonly ctx: CoreContext) {
    this.uploads = new Uploads(join(ctx.options.dataDir, 'imports'))
    this.store = new ImportStore(ctx.db)
  }

  /** A message changed: its batch's counters follow shortly, to every window. */
  messageChanged(batchId: number | null): void {
    if (batchId !== null) this.feed.note(batchId)
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
      const sniffed = sniff(sample.bytes, sample.complete, choice)
      u.format = sniffed.format
      u.columns = sniffed.columns
      u.rejectsReady = false
      const progress = this.progress(u.id, null, 'analyse', null)
      let rows = 0
      try {
        for await (const chunk of readRows(u.path, sniffed.format)) {
          rows += chunk.length
          progress(rows)
        }
      } catch (err) {
        progress(rows, true, errorText(err))
        if (err instanceof CsvError) throw refusal('BAD_REQUEST', err)
        throw err
      }
      progress(rows, true)
      u.analysis = {
        uploadId: u.id,
        name: u.name,
        size: u.size,
        ...sniffed.format,
        columns: sniffed.columns,
        preview: sniffed.preview,
        rowCount: rows,
        phoneColumn: sniffed.phoneColumn,
      }
      return u.analysis
    })
  }

  // ─── checking and queueing ──────────────────────────────────────────────────

  /** Every row checked; the rejected ones written to a CSV the operator can download. */
  async validate(m: ImportMapping): Promise<ImportSummary> {
    const u = this.analysed(m.uploadId)
    const profile = this.ctx.requireProfile(m.profileId)
    const template = compileTemplate(m.template)
    const unknown = unknownVariables(template, u.columns)
    const preview: ImportSummary['preview'] = []
    const rejectedPreview: RejectedRow[] = []
    const byReason: Partial<Record<RejectReason, number>> = {}
    let recipients = 0
    let rejected = 0
    let totalParts = 0
    await this.pass(u, m, null, 'validate', (r) => {
      if (r.ok) {
        recipients++
        totalParts += r.parts
        if (preview.length < PREVIEW_ACCEPTED) {
          preview.push({ line: r.line, phone: r.phone, text: r.text, parts: r.parts })
        }
      } else {
        rejected++
        byReason[r.reason] = (byReason[r.reason] ?? 0) + 1
        if (rejectedPreview.length < PREVIEW_REJECTED) rejectedPreview.push(rejectedView(r))
      }
    })
    const price = this.ctx.outbox.recentPartPrice(profile.id)
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
      cost: price
        ? { perPart: price.perPart, amount: price.perPart * totalParts, sample: price.sample }
        : null,
      profileId: profile.id,
      profileName: profile.name,
      sender: m.sender,
      scheduledAt: m.scheduledAt ?? null,
    }
  }

  /** Creates the batch and queues its rows in the background; progress comes as events. */
  start(m: ImportMapping & { name?: string }): BatchView {
    const u = this.analysed(m.uploadId)
    const profile = this.ctx.requireProfile(m.profileId)
    const template = compileTemplate(m.template)
    const unknown = unknownVariables(template, u.columns)
    if (unknown.length > 0) {
      throw refuse('BAD_REQUEST', 'import.unknownVariables', {
        variables: unknown.map((v) => `#${v}#`).join(', '),
      })
    }
    if (u.busy) throw refuse('CONFLICT', 'import.fileBusy')
    const batch = this.store.createBatch({
      profileId: profile.id,
      name: m.name ?? `${u.name} → ${profile.name}`,
      sender: m.sender,
      template: m.template,
      source: u.name,
      scheduledAt: m.scheduledAt ?? null,
    })
    u.busy = true
    this.importing.add(batch.id)
    void this.queue(u, m, batch).finally(() => {
      u.busy = false
      this.importing.delete(batch.id)
    })
    return this.view(batch)
  }

  private async queue(u: Upload, m: ImportMapping, batch: BatchRow): Promise<void> {
    const id = batch.id
    let pending: NewMessage[] = []
    let queued = 0
    let rejected = 0
    let parts = 0
    const flush = () => {
      const messages = pending
      pending = []
      this.store.transaction(() => {
        queued += this.ctx.outbox.enqueueMany(messages)
        this.store.recordProgress(id, queued, rejected, parts)
      })
      // A scheduled batch is not due: one wake at the end arms the dispatcher's timer for it.
      if (!scheduled) this.ctx.wake(m.profileId)
    }
    const scheduled = m.scheduledAt != null && m.scheduledAt > Date.now()
    try {
      await this.pass(
        u,
        m,
        id,
        'queue',
        (r) => {
          if (!r.ok) {
            rejected++
            return
          }
          parts += r.parts
          pending.push({
            profileId: m.profileId,
            sender: m.sender,
            phone: r.phone,
            text: r.text,
            batchId: id,
            priority: 1,
            scheduledAt: m.scheduledAt ?? null,
            // A second import of the same file into this batch cannot queue a number twice.
            idempotencyKey: `import:${id}:${r.phone}`,
          })
          if (pending.length >= QUEUE_CHUNK) flush()
        },
        () => !this.importing.has(id) || this.store.batch(id)?.state === 'cancelled',
        true,
      )
      if (this.store.batch(id)?.state === 'cancelled') {
        this.store.setImportState(id, 'cancelled')
      } else {
        if (pending.length) flush()
        this.store.recordProgress(id, queued, rejected, parts)
        this.store.setImportState(id, 'done')
      }
    } catch (err) {
      this.ctx.log('error', `import into batch ${id} failed: ${errorText(err)}`)
      if (pending.length) flush()
      this.store.setImportState(id, 'failed', `The import stopped: ${errorText(err)}`)
    }
    this.ctx.wake(m.profileId)
    this.pushBatch(id)
  }

  /**
   * One pass over the file with the mapping's rules; `each` sees every row's verdict. The
   * rejected rows are written to the upload's rejects CSV as they come.
   */
  private async pass(
    u: Upload,
    m: ImportMapping,
    batchId: number | null,
    step: 'validate' | 'queue',
    each: (r: RowResult) => void,
    stop: () => boolean = () => false,
    alreadyBusy = false,
  ): Promise<void> {
    const format = u.format
    if (!format) throw refuse('CONFLICT', 'import.notAnalysed')
    const work = async () => {
      const seen = this.store.scratchSet()
      const rejects = new RejectsWriter(
        u.rejectsPath,
        format.delimiter === ';' ? ';' : ',',
        m.lang ?? 'en',
      )
      u.rejectsReady = false
      const total = u.analysis?.rowCount ?? null
      const progress = this.progress(u.id, batchId, step, total)
      const connection = this.ctx.connection(m.profileId)
      const rules: RowRules = {
        columns: u.columns,
        phoneColumn: m.phoneColumn,
        template: compileTemplate(m.template),
        maxParts: m.maxParts ?? DEFAULT_MAX_PARTS,
        isStopped: (p) => this.store.isStopped(p),
        firstTime: (p) => seen.add(p),
        providerCheck: (phone, text) =>
          connection?.check?.({
            messageId: 0,
            idempotencyKey: 'import-check',
            numericKey: 1,
            sender: m.sender,
            phone,
            text,
            wantReceipt: true,
            cascade: null,
          }) ?? null,
      }
      let done = 0
      try {
        for await (const rows of readRows(u.path, format)) {
          if (stop()) break
          // One transaction per chunk: the duplicate set's inserts (and any queueing) commit
          // together instead of one by one.
          this.store.transaction(() => {
            for (const row of rows) {
              const r = checkRow(row, rules)
              if (!r.ok) rejects.add(r, row.cells)
              each(r)
            }
          })
          done += rows.length
          progress(done)
          // Reading gives the loop a turn between chunks; checking a chunk may not.
          await yieldToLoop()
        }
        rejects.close()
        u.rejectsReady = true
        progress(done, true)
      } catch (err) {
        rejects.close()
        progress(done, true, errorText(err))
        if (err instanceof CsvError) throw refusal('BAD_REQUEST', err)
        throw err
      } finally {
        seen.drop()
      }
    }
    if (alreadyBusy) return work()
    return this.exclusive(u, work)
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

  list(limit: number): BatchView[] {
    return this.store.recent(limit).map((b) => this.view(b))
  }

  get(id: number): BatchView {
    return this.view(this.requireBatch(id))
  }

  pause(id: number): BatchView {
    const b = this.requireBatch(id)
    if (!this.store.setState(id, ['running'], 'paused')) {
      throw refuse('CONFLICT', 'batch.notRunning', { id, state: b.state })
    }
    return this.pushBatch(id)
  }

  resume(id: number): BatchView {
    const b = this.requireBatch(id)
    if (!this.store.setState(id, ['paused'], 'running')) {
      throw refuse('CONFLICT', 'batch.notPaused', { id, state: b.state })
    }
    this.ctx.wake(b.profile_id)
    return this.pushBatch(id)
  }

  cancel(id: number): BatchView {
    const b = this.requireBatch(id)
    const cancelled = this.store.transaction(() => {
      if (!this.store.setState(id, ['running', 'paused'], 'cancelled')) return null
      return this.ctx.outbox.cancelBatch(id)
    })
    if (cancelled === null) {
      throw refuse('CONFLICT', 'batch.nothingToCancel', { id, state: b.state })
    }
    this.ctx.log('info', `batch ${id}: ${cancelled} unsent message(s) cancelled`)
    return this.pushBatch(id)
  }

  private requireBatch(id: number): BatchRow {
    const b = this.store.batch(id)
    if (!b) throw refuse('NOT_FOUND', 'batch.notFound', { id })
    return b
  }

  private pushCounters(id: number): void {
    try {
      const b = this.store.batch(id)
      if (b) this.ctx.emit('batch.updated', this.view(b))
    } catch (err) {
      this.ctx.log('warn', `batch ${id}: counters not pushed: ${errorText(err)}`)
    }
  }

  private pushBatch(id: number): BatchView {
    const view = this.view(this.requireBatch(id))
    this.ctx.emit('batch.updated', view)
    return view
  }

  private view(b: BatchRow): BatchView {
    const c = this.ctx.outbox.batchCounts(b.id)
    const counters = {
      queued: (c.queued ?? 0) + (c.scheduled ?? 0) + (c.sending ?? 0),
      sent: c.accepted ?? 0,
      delivered: c.delivered ?? 0,
      failed: (c.failed ?? 0) + (c.expired ?? 0),
      uncertain: c.uncertain ?? 0,
      cancelled: c.cancelled ?? 0,
    }
    let state = b.state
    // A running batch whose import ended and whose every message has an outcome is done.
    const open = counters.queued + counters.sent
    if (state === 'running' && b.import_state !== 'importing' && open === 0) {
      if (this.store.setState(b.id, ['running'], 'done')) state = 'done'
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
    }
  }

  // ─── stop-list ──────────────────────────────────────────────────────────────

  addStopped(phones: readonly string[], note: string | null): number {
    const normal: string[] = []
    for (const p of phones) {
      const checked = normalisePhone(p)
      if (!checked.ok) throw new ApiError('BAD_REQUEST', checked.reason, checked.phrase)
      normal.push(checked.phone)
    }
    return this.store.addStopped(normal, note)
  }

  removeStopped(phones: readonly string[]): number {
    return this.store.removeStopped(phones.map((p) => p.replace(/\D/g, '')))
  }

  /** Opt-outs from a file: every valid number of the column joins the stop-list. */
  async importStopList(
    uploadId: string,
    phoneColumn: number,
    note: string | null,
  ): Promise<{ added: number; invalid: number }> {
    const u = this.analysed(uploadId)
    const format = u.format
    if (!format) throw refuse('CONFLICT', 'import.notAnalysed')
    return this.exclusive(u, async () => {
      let added = 0
      let invalid = 0
      let done = 0
      const progress = this.progress(u.id, null, 'stoplist', u.analysis?.rowCount ?? null)
      for await (const rows of readRows(u.path, format)) {
        const phones: string[] = []
        for (const row of rows) {
          const checked = normalisePhone(row.cells[phoneColumn] ?? '')
          if (checked.ok) phones.push(checked.phone)
          else invalid++
        }
        added += this.store.addStopped(phones, note)
        done += rows.length
        progress(done)
        await yieldToLoop()
      }
      progress(done, true)
      return { added, invalid }
    })
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

function rejectedView(r: Extract<RowResult, { ok: false }>): RejectedRow {
  return r.phrase
    ? { line: r.line, phone: r.phone, reason: r.reason, detail: r.detail, phrase: r.phrase }
    : { line: r.line, phone: r.phone, reason: r.reason, detail: r.detail }
}
