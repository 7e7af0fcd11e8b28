/**
 * validate → act → reply. Every request from either adapter comes through here; nothing
 * reaches a handler without passing its schema, and no handler error escapes as a throw.
 */
import type { z } from 'zod'
import {
  calls,
  isCallName,
  MAX_REQUEST_BYTES,
  type ApiErrorBody,
  type CallName,
  type CallResponse,
  type Calls,
  type ErrorCode,
  type Reply,
} from '../../../shared/contract'

export type Handlers = {
  [K in CallName]: (
    request: z.infer<Calls[K]['request']>,
  ) => Promise<CallResponse<K>> | CallResponse<K>
}

/** An error a handler throws on purpose: its code and message go to the renderer as they are. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export type Logger = (level: 'info' | 'warn' | 'error', message: string) => void

export function createRouter(handlers: Handlers, log: Logger) {
  return async function route(name: unknown, request: unknown): Promise<Reply<unknown>> {
    if (!isCallName(name)) {
      return fail('UNKNOWN_CALL', `Unknown call ${describe(name)}`)
    }
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
      const handler = handlers[name] as (req: unknown) => Promise<unknown> | unknown
      return { ok: true, result: await handler(parsed.data) }
    } catch (err) {
      if (err instanceof ApiError) return fail(err.code, err.message)
      // Internal errors are logged in main; the renderer gets a generic message, since an
      // internal message may quote data (a provider reply, a file path) it should not see.
      log(
        'error',
        `${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      )
      return fail('INTERNAL', `${name} failed inside the console; see the log for details`)
    }
  }
}

export type Route = ReturnType<typeof createRouter>

function fail(code: ErrorCode, message: string): { ok: false; error: ApiErrorBody } {
  return { ok: false, error: { code, message } }
}

function describe(name: unknown): string {
  if (typeof name === 'string') return JSON.stringify(name.slice(0, 64))
  return `(${typeof name})`
}

/** For adapters that receive raw text (WebSocket): refuse oversized frames before parsing. */
export function tooLarge(bytes: number): Reply<never> | null {
  return bytes > MAX_REQUEST_BYTES
    ? fail('TOO_LARGE', `Request of ${bytes} bytes is over the ${MAX_REQUEST_BYTES}-byte limit`)
    : null
}
