/**
 * Files handed to the import: uploaded in chunks over the bridge (browser mode), pasted, or
 * opened by the Electron shell from a path its own dialog chose. Uploads are written under the
 * data folder by a name made here — the client's file name is shown, never used as a path.
 */
import { randomBytes } from 'node:crypto'
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import type { CsvAnalysis } from '../../../shared/calls/imports'
import type { PhraseRef } from '../../../shared/domain'
import { englishOf, phrase } from '../../../shared/phrases'
import type { CheckedRows } from './rows'
import type { CsvFormat } from './source'
import type { SheetInfo } from './workbook'

export interface Upload {
  id: string
  /** As the client named it: for display only. */
  name: string
  path: string
  size: number
  /** The file was written here for this upload (deleted with it); false for a shell's path. */
  owned: boolean
  received: number
  nextSeq: number
  fd: number | null
  complete: boolean
  format: CsvFormat | null
  columns: string[]
  analysis: CsvAnalysis | null
  /** A pass over the file is running: a second one waits for it. */
  busy: boolean
  /** sha256 of the file's bytes (16 hex digits), once analysed: how a file is recognised. */
  fingerprint: string | null
  /** The rejected rows of the last validation (CSV, UTF-8 with BOM). */
  rejectsPath: string
  rejectsReady: boolean
  /** The last check's verdict on each row, for queueing without checking again. */
  checked: CheckedRows | null
  lastUsed: number
  /** An Excel workbook's sheets, each as CSV in `sheetsDir`, once read. */
  sheets: SheetInfo[] | null
  sheetsDir: string
  /** Aborted when the upload goes: a workbook still being read stops. */
  closing: AbortController
}

export class UploadError extends Error {
  /** The message as a phrase, for the renderer to word in the operator's language. */
  readonly phrase: PhraseRef

  constructor(
    readonly code: 'NOT_FOUND' | 'CONFLICT' | 'BAD_REQUEST',
    said: PhraseRef,
  ) {
    super(englishOf(said))
    this.name = 'UploadError'
    this.phrase = said
  }
}

/** Uploads kept at once; the least recently used idle one goes when another begins. */
const MAX_UPLOADS = 8

export class Uploads {
  private readonly uploads = new Map<string, Upload>()

  /** `keep`: files an interrupted import will resume from; every other leftover goes. */
  constructor(
    private readonly dir: string,
    keep: readonly string[] = [],
  ) {
    mkdirSync(dir, { recursive: true })
    const kept = new Set(keep.map((p) => resolve(p)))
    for (const f of readdirSync(dir)) {
      const path = join(dir, f)
      if (!kept.has(resolve(path))) rmSync(path, { force: true, recursive: true })
    }
  }

  /** Whether a path is one of this folder's own files (deleted with its upload). */
  owns(path: string): boolean {
    return resolve(dirname(path)) === resolve(this.dir)
  }

  begin(name: string, size: number): Upload {
    this.makeRoom()
    const id = randomBytes(16).toString('hex')
    const path = join(this.dir, `${id}.csv`)
    const upload = this.register({ id, name, path, size, owned: true })
    upload.fd = openSync(path, 'wx', 0o600)
    return upload
  }

  /** Chunks arrive in order; the same chunk twice (a retried call) is taken once. */
  chunk(id: string, seq: number, data: Buffer): number {
    const u = this.get(id)
    if (u.complete || u.fd === null) throw new UploadError('CONFLICT', phrase('upload.finished'))
    if (seq === u.nextSeq - 1) return u.received
    if (seq !== u.nextSeq) {
      throw new UploadError(
        'CONFLICT',
        phrase('upload.outOfOrder', { expected: u.nextSeq, got: seq }),
      )
    }
    if (u.received + data.length > u.size) {
      throw new UploadError('BAD_REQUEST', phrase('upload.tooManyBytes', { size: u.size }))
    }
    // At its offset: a chunk retried after a failed write (a full disk) overwrites its remains.
    writeSync(u.fd, data, 0, data.length, u.received)
    u.received += data.length
    u.nextSeq++
    return u.received
  }

  finish(id: string): Upload {
    const u = this.get(id)
    if (u.complete) return u
    if (u.received !== u.size) {
      throw new UploadError(
        'CONFLICT',
        phrase('upload.incomplete', { received: u.received, size: u.size }),
      )
    }
    this.closeFd(u)
    u.complete = true
    return u
  }

  paste(text: string): Upload {
    this.makeRoom()
    const id = randomBytes(16).toString('hex')
    const path = join(this.dir, `${id}.csv`)
    writeFileSync(path, text, { encoding: 'utf8', mode: 0o600, flag: 'wx' })
    const u = this.register({
      id,
      name: 'pasted text',
      path,
      size: statSync(path).size,
      owned: true,
    })
    u.complete = true
    return u
  }

  /** A file this folder writes itself (a group's contacts): `made` once it is written. */
  make(name: string): Upload {
    this.makeRoom()
    const id = randomBytes(16).toString('hex')
    return this.register({ id, name, path: join(this.dir, `${id}.csv`), size: 0, owned: true })
  }

  made(u: Upload): void {
    u.size = statSync(u.path).size
    u.complete = true
  }

  /**
   * A file the shell's own open dialog chose: read where it is, never written or deleted. Also
   * a file of this folder kept for an interrupted import, which is this folder's to delete.
   */
  fromPath(path: string, name: string): Upload {
    const stat = statSync(path)
    if (!stat.isFile()) throw new UploadError('BAD_REQUEST', phrase('upload.notAFile'))
    this.makeRoom()
    const u = this.register({
      id: randomBytes(16).toString('hex'),
      name,
      path,
      size: stat.size,
      owned: this.owns(path),
    })
    u.complete = true
    return u
  }

  get(id: string): Upload {
    const u = this.uploads.get(id)
    if (!u) throw new UploadError('NOT_FOUND', phrase('upload.notFound'))
    u.lastUsed = Date.now()
    return u
  }

  complete(id: string): Upload {
    const u = this.get(id)
    if (!u.complete) throw new UploadError('CONFLICT', phrase('upload.notFinished'))
    return u
  }

  discard(id: string): boolean {
    const u = this.uploads.get(id)
    if (!u) return false
    if (u.busy) throw new UploadError('CONFLICT', phrase('import.fileBusy'))
    this.uploads.delete(id)
    this.closeFd(u)
    if (u.owned) rmSync(u.path, { force: true })
    rmSync(u.rejectsPath, { force: true })
    u.closing.abort()
    rmSync(u.sheetsDir, { force: true, recursive: true })
    return true
  }

  closeAll(): void {
    for (const u of this.uploads.values()) {
      this.closeFd(u)
      u.closing.abort()
    }
  }

  private register(p: Pick<Upload, 'id' | 'name' | 'path' | 'size' | 'owned'>): Upload {
    const u: Upload = {
      ...p,
      received: 0,
      nextSeq: 0,
      fd: null,
      complete: false,
      format: null,
      columns: [],
      analysis: null,
      fingerprint: null,
      busy: false,
      rejectsPath: join(this.dir, `${p.id}.rejected.csv`),
      rejectsReady: false,
      checked: null,
      lastUsed: Date.now(),
      sheets: null,
      sheetsDir: join(this.dir, `${p.id}.sheets`),
      closing: new AbortController(),
    }
    this.uploads.set(u.id, u)
    return u
  }

  private makeRoom(): void {
    if (this.uploads.size < MAX_UPLOADS) return
    const idle = [...this.uploads.values()]
      .filter((u) => !u.busy)
      .sort((a, b) => a.lastUsed - b.lastUsed)[0]
    if (!idle) throw new UploadError('CONFLICT', phrase('upload.tooMany'))
    this.discard(idle.id)
  }

  private closeFd(u: Upload): void {
    if (u.fd !== null) {
      closeSync(u.fd)
      u.fd = null
    }
  }
}
