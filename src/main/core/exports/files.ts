/**
 * Exports written to files under the data folder (`exports/`), read back by the renderer in
 * pages and discarded once saved. Any left from an earlier run go at start; at most a few are
 * kept at once, the oldest finished one going first.
 */
import { closeSync, mkdirSync, openSync, readdirSync, readSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { EXPORT_PAGE_BYTES, type ExportSource } from '../../../shared/calls/exports'
import type { CoreContext } from '../context'
import { refuse } from '../api/router'
import { tableOf } from './lists'
import { writeTable, type TableFormat } from './table'

interface ExportFile {
  path: string
  written: boolean
  bytes: number
  stop: AbortController
}

/** Exports kept at once. */
const MAX_FILES = 4
/** Progress events at most this often. */
const PROGRESS_EVERY_MS = 200

export class ExportFiles {
  private readonly files = new Map<string, ExportFile>()
  private readonly dir: string

  constructor(private readonly ctx: CoreContext) {
    this.dir = join(ctx.options.dataDir, 'exports')
    mkdirSync(this.dir, { recursive: true })
    for (const f of readdirSync(this.dir)) rmSync(join(this.dir, f), { force: true })
  }

  async write(
    exportId: string,
    source: ExportSource,
    format: TableFormat,
    o: { lang: 'en' | 'ru'; tzOffsetMinutes: number },
  ): Promise<{ rows: number; bytes: number }> {
    if (this.files.has(exportId)) throw refuse('CONFLICT', 'export.idTaken')
    // Delivery reports are several tables: a workbook holds them, a CSV file one.
    if (source.list === 'reports' && format.kind !== 'xlsx') {
      throw refuse('BAD_REQUEST', 'export.workbookOnly')
    }
    this.makeRoom()
    const file: ExportFile = {
      path: join(this.dir, `${exportId}.${format.kind}`),
      written: false,
      bytes: 0,
      stop: new AbortController(),
    }
    this.files.set(exportId, file)
    let said = 0
    const progress = (rows: number) => {
      const now = Date.now()
      if (now - said < PROGRESS_EVERY_MS) return
      said = now
      this.ctx.emit('export.progress', { exportId, rows })
    }
    try {
      const rows = await writeTable(
        file.path,
        await tableOf(this.ctx, source, o),
        format,
        progress,
        file.stop.signal,
      )
      file.written = true
      file.bytes = statSync(file.path).size
      this.ctx.emit('export.progress', { exportId, rows })
      return { rows, bytes: file.bytes }
    } catch (err) {
      this.discard(exportId)
      if (file.stop.signal.aborted) throw refuse('CONFLICT', 'export.discarded')
      throw err
    }
  }

  read(exportId: string, offset: number): { dataBase64: string; nextOffset: number | null } {
    const file = this.files.get(exportId)
    if (!file) throw refuse('NOT_FOUND', 'export.notFound')
    if (!file.written) throw refuse('CONFLICT', 'export.notWritten')
    const length = Math.max(0, Math.min(EXPORT_PAGE_BYTES, file.bytes - offset))
    const buf = Buffer.alloc(length)
    if (length > 0) {
      const fd = openSync(file.path, 'r')
      try {
        readSync(fd, buf, 0, length, offset)
      } finally {
        closeSync(fd)
      }
    }
    const next = offset + length
    return { dataBase64: buf.toString('base64'), nextOffset: next < file.bytes ? next : null }
  }

  discard(exportId: string): boolean {
    const file = this.files.get(exportId)
    if (!file) return false
    this.files.delete(exportId)
    file.stop.abort(new Error('export discarded'))
    rmSync(file.path, { force: true })
    return true
  }

  close(): void {
    for (const id of [...this.files.keys()]) this.discard(id)
  }

  private makeRoom(): void {
    if (this.files.size < MAX_FILES) return
    const oldest = [...this.files].find(([, f]) => f.written)
    if (!oldest) throw refuse('CONFLICT', 'export.tooMany')
    this.discard(oldest[0])
  }
}
