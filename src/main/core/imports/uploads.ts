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
import { join } from 'node:path'
import type { CsvAnalysis } from '../../../shared/calls/imports'
import type { PhraseRef } from '../../../shared/domain'
import { englishOf, phrase } from '../../../shared/phrases'
import type { CsvFormat } from './source'

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
  /** The rejected rows of the last validation (CSV, UTF-8 with BOM). */
  rejectsPath: string
  rejectsReady: boolean
  lastUsed: number
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

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true })
    // Leftovers of a previous run: nothing refers to them any more.
    for (const f of readdirSync(dir)) rmSync(join(dir, f), { force: true, recursive: true })
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
    writeSync(u.fd, data)
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

  /** A file the shell's own open dialog chose: read where it is, never written or deleted. */
  fromPath(path: string, name: string): Upload {
    const stat = statSync(path)
    if (!stat.isFile()) throw new UploadError('BAD_REQUEST', phrase('upload.notAFile'))
    this.makeRoom()
    const u = this.register({
      id: randomBytes(16).toString('hex'),
      name,
      path,
      size: stat.size,
      owned: false,
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
    return true
  }

  closeAll(): void {
    for (const u of this.uploads.values()) this.closeFd(u)
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
      busy: false,
      rejectsPath: join(this.dir, `${p.id}.rejected.csv`),
      rejectsReady: false,
      lastUsed: Date.now(),
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
