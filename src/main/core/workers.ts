/**
 * The console's worker threads (storage, History), as main starts and calls them: a worker
 * starts from its script (a build's bundle as it is, the TypeScript source through tsx under
 * tests and tools); main posts each call with an id and the worker answers that id, an error
 * crossing back with its name, message, code and phrase, so callers tell a refusal from a full
 * disk as they would on their own thread.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { PhraseRef } from '../../shared/domain'
import { OutboxError } from './outbox/errors'

const FROM_SOURCE = `
  require('tsx/cjs/api').register()
  require(require('node:worker_threads').workerData.script)
`

export function startWorker(script: string, workerData: Record<string, unknown>): Worker {
  return script.endsWith('.ts')
    ? new Worker(FROM_SOURCE, { eval: true, workerData: { ...workerData, script } })
    : new Worker(script, { workerData })
}

/**
 * The worker's TypeScript source (`name`) in the calling module's folder (`dir`), when that module runs
 * from source (its `file` ends in .ts); null in a build, where the bundle's path is given.
 */
export function sourceWorker(file: string, dir: string, name = 'worker.ts'): string | null {
  if (!file.endsWith('.ts')) return null
  const script = join(dir, name)
  return existsSync(script) ? script : null
}

export interface SerializedError {
  name: string
  message: string
  code: string | null
  phrase: PhraseRef | null
}

/** A worker's answer to the call with this id. */
export type WorkerReply = { id: number; result: unknown } | { id: number; error: SerializedError }

export function serializeError(err: unknown): SerializedError {
  const e = (typeof err === 'object' && err !== null ? err : {}) as {
    name?: unknown
    message?: unknown
    code?: unknown
    phrase?: PhraseRef
  }
  return {
    name: typeof e.name === 'string' ? e.name : 'Error',
    message: typeof e.message === 'string' ? e.message : String(err),
    code: typeof e.code === 'string' ? e.code : null,
    phrase: e.phrase ?? null,
  }
}

/** The error as the caller would have seen it on its own thread. */
export function reviveError(e: SerializedError): Error {
  if (e.name === 'OutboxError' && e.phrase && (e.code === 'NOT_FOUND' || e.code === 'CONFLICT')) {
    return new OutboxError(e.code, e.phrase)
  }
  const err = new Error(e.message) as Error & { code?: string }
  err.name = e.name
  if (e.code !== null) err.code = e.code
  return err
}

/** A call still waiting for its answer: what it asked, and how to answer it. */
export type Pending<A> = A & { resolve(value: unknown): void; reject(err: Error): void }

/**
 * Calls to one worker, each answered by id. What the worker posts without an id (that it is
 * up, a warning) goes to `onNote`.
 */
export class WorkerCalls<A extends object> {
  private readonly waiting = new Map<number, Pending<A>>()
  private nextId = 1

  constructor(
    private readonly worker: Worker,
    onNote: (note: unknown) => void,
    /** Names a call in an error (its arguments could not be copied to the worker). */
    private readonly label: (asked: A) => string,
  ) {
    worker.on('message', (msg: unknown) => {
      if (typeof msg !== 'object' || msg === null || !('id' in msg)) return onNote(msg)
      const reply = msg as WorkerReply
      const w = this.waiting.get(reply.id)
      if (!w) return
      this.waiting.delete(reply.id)
      if ('error' in reply) w.reject(reviveError(reply.error))
      else w.resolve(reply.result)
    })
  }

  /** Posts `{ id, …asked }`; a call made before the worker listens waits in its port. */
  call(asked: A): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++
      this.waiting.set(id, { ...asked, resolve, reject })
      try {
        this.worker.postMessage({ id, ...asked })
      } catch (err) {
        this.waiting.delete(id)
        reject(new Error(`${this.label(asked)}: ${(err as Error).message}`))
      }
    })
  }

  /** Every call still waiting, taken out: to be answered elsewhere, or refused. */
  takeWaiting(): Pending<A>[] {
    const all = [...this.waiting.values()]
    this.waiting.clear()
    return all
  }
}
