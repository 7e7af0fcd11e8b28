/**
 * validate → act → reply. Every request from either adapter comes through here; nothing
 * reaches a handler without passing its schema, and no handler error escapes as a throw.
 */
import type { z } from 'zod'
import {
  calls,
  isCallName,
  type ApiErrorBody,
  type ApiIssue,
  type CallName,
  type CallResponse,
  type Calls,
  type ErrorCode,
  type Reply,
} from '../../../shared/contract'
import type { PhraseRef } from '../../../shared/domain'
import { english, phrase, type ParamsArg, type PhraseId } from '../../../shared/phrases'
import { isStorageError, storageTrouble } from '../storage/health'
import { fail } from './refusal'

const STORAGE_PHRASES = {
  full: 'storage.full',
  failing: 'storage.failing',
  busy: 'storage.busy',
} as const

export type Handlers = {
  [K in CallName]: (
    request: z.infer<Calls[K]['request']>,
  ) => Promise<CallResponse<K>> | CallResponse<K>
}

/**
 * An error a handler throws on purpose: its code, message and phrase go to the renderer as they
 * are. The phrase (src/shared/phrases.ts) lets the renderer word it in the operator's language.
 * `field`: the path of the request's field it refuses (`phone`, `cascade.order`), which the
 * renderer gets as the reply's one issue, to show the refusal next to that field.
 */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly phrase?: PhraseRef,
    readonly field?: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }

  /** The same refusal, naming the request's field it is about. */
  at(field: string): ApiError {
    return new ApiError(this.code, this.message, this.phrase, field)
  }
}

/**
 * A field's value the schema let through but the console cannot take (a number that does not
 * normalise, a provider's objection), refused naming the field.
 */
export function refuseField(field: string, said: { reason: string; phrase: PhraseRef }): ApiError {
  return new ApiError('BAD_REQUEST', said.reason, said.phrase, field)
}

/** A refusal worded by the phrase table: `refuse('CONFLICT', 'batch.notRunning', { id, state })`. */
export function refuse<K extends PhraseId>(
  code: ErrorCode,
  id: K,
  ...params: ParamsArg<K>
): ApiError {
  return new ApiError(code, english(id, ...params), phrase(id, ...params))
}

/** An error that carries its own phrase (OutboxError, UploadError, …) as a refusal. */
export function refusal(code: ErrorCode, err: Error & { phrase?: PhraseRef }): ApiError {
  return new ApiError(code, err.message, err.phrase)
}

export type Logger = (level: 'info' | 'warn' | 'error', message: string) => void

export function createRouter(handlers: Handlers, log: Logger) {
  return async function route(name: unknown, request: unknown): Promise<Reply<unknown>> {
    if (!isCallName(name)) {
      return fail('UNKNOWN_CALL', 'call.unknown', { name: describe(name) })
    }
    return settle(name, request, handlers[name] as (request: unknown) => unknown, log)
  }
}

/**
 * One call of the contract: its request checked by its schema, then `run` with what the schema
 * let through, its outcome as the reply (a refusal as it was meant, anything else as a failure
 * said in the log). The core's router answers every call this way, and so does a team server
 * for the calls it answers itself, so that a console cannot tell them apart.
 */
export async function settle(
  name: CallName,
  request: unknown,
  run: (request: unknown) => unknown,
  log: Logger,
): Promise<Reply<unknown>> {
  const schema = calls[name].request
  const parsed = schema.safeParse(request === undefined ? {} : request)
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        message: `Invalid request for ${name}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`).join('; ')}`,
        issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      },
    }
  }
  try {
    return { ok: true, result: await run(parsed.data) }
  } catch (err) {
    if (err instanceof ApiError) {
      const error: ApiErrorBody = { code: err.code, message: err.message }
      if (err.phrase) error.phrase = err.phrase
      if (err.field !== undefined) {
        const issue: ApiIssue = { path: err.field, message: err.message }
        if (err.phrase) issue.phrase = err.phrase
        error.issues = [issue]
      }
      return { ok: false, error }
    }
    // The disk refused the write: the call changed nothing, and the operator can act on it.
    if (isStorageError(err)) {
      log('warn', `${name} refused: storage: ${err instanceof Error ? err.message : String(err)}`)
      return fail('UNAVAILABLE', STORAGE_PHRASES[storageTrouble(err)])
    }
    // Internal errors are logged in main; the renderer gets a generic message, since an
    // internal message may quote data (a provider reply, a file path) it should not see.
    log(
      'error',
      `${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
    )
    return fail('INTERNAL', 'call.failed', { call: name })
  }
}

export type Route = ReturnType<typeof createRouter>

function describe(name: unknown): string {
  if (typeof name === 'string') return JSON.stringify(name.slice(0, 64))
  return `(${typeof name})`
}
