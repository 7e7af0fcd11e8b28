/**
 * One HTTP exchange with a provider, on node:http(s): timeout, charset decoding (these APIs
 * answer in UTF-8 or windows-1251), and a typed error that names the provider, the call and
 * what came back — never the credentials in the request. Not on fetch: Node loads fetch's
 * implementation (undici) at its first use, a 50 ms stall of main's loop in the middle of
 * whatever runs then, and each exchange costs more through it.
 */
import { request as httpRequestOf, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http'
import { request as httpsRequestOf } from 'node:https'
import type { PhraseRef } from '../../../shared/domain'
import { englishOf, phrase, withCause } from '../../../shared/phrases'
import { maskSecrets } from '../mask'
import { networkCause } from './network-cause'

export type HttpFailure =
  /** Connection refused, DNS failure: the request never reached the provider. */
  | 'unreachable'
  /** No complete answer in time: the request may have been processed. */
  | 'timeout'
  /** The connection broke after the request went out. */
  | 'reset'
  /** An answer came, but not one this client understands (HTML page, truncated JSON, …). */
  | 'malformed'

export class ProviderHttpError extends Error {
  /** The message as a phrase, for the renderer to word in the operator's language. */
  readonly phrase: PhraseRef

  constructor(
    readonly provider: string,
    readonly call: string,
    readonly failure: HttpFailure,
    detail: string,
    /** HTTP status, when an answer came. */
    readonly status: number | null = null,
    /** Why the connection failed, in words for people (network-cause.ts), when known. */
    cause: PhraseRef | null = null,
  ) {
    const said = cause
      ? withCause(
          phrase('provider.httpCause', { provider, call, failure, cause: englishOf(cause) }),
          cause,
        )
      : phrase('provider.http', { provider, call, failure, detail })
    super(englishOf(said))
    this.name = 'ProviderHttpError'
    this.phrase = said
  }

  /** Whether the request may have reached the provider (and been acted on). */
  get maybeDelivered(): boolean {
    return this.failure !== 'unreachable'
  }
}

export interface HttpRequest {
  provider: string
  call: string
  method: 'GET' | 'POST'
  url: string
  query?: Record<string, string | number | undefined>
  /** application/x-www-form-urlencoded body. */
  form?: Record<string, string | number | undefined>
  /** application/json body. */
  json?: unknown
  /** Raw body with its content type (XML interfaces). */
  body?: { contentType: string; text: string }
  headers?: Record<string, string>
  timeoutMs: number
  /**
   * Largest answer taken, in bytes: a longer one is cut off and fails as `malformed` (a file a
   * provider serves, say, whose size nothing else bounds). Absent: no bound.
   */
  maxBytes?: number
  /**
   * Values to mask if they ever show up in an error text (passwords, hashes), in any encoding
   * an answer may echo them in.
   */
  secrets?: readonly string[]
}

export interface HttpReply {
  status: number
  contentType: string
  text: string
}

const SNIPPET = 200

export async function httpRequest(req: HttpRequest): Promise<HttpReply> {
  const url = new URL(req.url)
  for (const [k, v] of Object.entries(req.query ?? {}))
    if (v !== undefined) url.searchParams.set(k, String(v))
  const headers: Record<string, string> = {
    Accept: 'application/json, text/plain, */*',
    'User-Agent': 'sms-operator-console',
    ...req.headers,
  }
  let body: string | undefined
  if (req.form) {
    const form = new URLSearchParams()
    for (const [k, v] of Object.entries(req.form)) if (v !== undefined) form.set(k, String(v))
    body = form.toString()
    headers['Content-Type'] = 'application/x-www-form-urlencoded; charset=utf-8'
  } else if (req.json !== undefined) {
    body = JSON.stringify(req.json)
    headers['Content-Type'] = 'application/json; charset=utf-8'
  } else if (req.body) {
    body = req.body.text
    headers['Content-Type'] = req.body.contentType
  }
  const mask = (s: string) => maskSecrets(s, req.secrets)
  const answer = await exchange(url, req.method, headers, body, req.timeoutMs, req.maxBytes).catch(
    (err: unknown) => {
      const { failure, cause } = err as Failed
      // The host and the socket's code: nothing of the request's secrets (url.host has no
      // user or password in it).
      const why = failure === 'timeout' ? null : networkCause(cause, url.host)
      throw new ProviderHttpError(
        req.provider,
        req.call,
        failure,
        mask(causeText(cause)),
        null,
        why,
      )
    },
  )
  const { status, contentType } = answer
  if (status >= 300 && status < 400) {
    // Followed, a redirect could carry the credentials to another host: never followed.
    const to = answer.location ? ` to ${answer.location}` : ''
    throw new ProviderHttpError(
      req.provider,
      req.call,
      'malformed',
      mask(`HTTP ${status}: redirected${to}`),
      status,
    )
  }
  return { status, contentType, text: decodeBody(answer.body, contentType) }
}

interface Answer {
  status: number
  contentType: string
  location: string | null
  body: Buffer
}

/** Why an exchange failed, and the error that says so. */
interface Failed {
  failure: HttpFailure
  cause: unknown
}

/** The request and its whole answer within `timeoutMs`; rejects with a `Failed`. */
function exchange(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  timeoutMs: number,
  maxBytes?: number,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const send =
      url.protocol === 'https:' ? httpsRequestOf : url.protocol === 'http:' ? httpRequestOf : null
    if (!send) {
      const cause = Object.assign(new Error(`not an HTTP address: ${url.protocol}`), {
        code: 'ERR_INVALID_URL',
      })
      return reject({ failure: 'unreachable', cause } satisfies Failed)
    }
    const all: OutgoingHttpHeaders = { ...headers }
    if (body !== undefined) all['Content-Length'] = Buffer.byteLength(body)
    let settled = false
    let answered = false
    let timedOut = false
    const fail = (cause: unknown) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      const failure: HttpFailure = timedOut ? 'timeout' : answered ? 'reset' : classify(cause)
      reject({ failure, cause } satisfies Failed)
    }
    const request = send(url, { method, headers: all })
    const timer = setTimeout(() => {
      timedOut = true
      request.destroy(
        Object.assign(new Error('no complete answer in time'), { name: 'TimeoutError' }),
      )
    }, timeoutMs)
    request.on('error', fail)
    request.on('response', (res: IncomingMessage) => {
      answered = true
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (maxBytes !== undefined && size > maxBytes) {
          if (settled) return
          settled = true
          clearTimeout(timer)
          const cause = new Error(`the answer is larger than ${maxBytes} bytes`)
          reject({ failure: 'malformed', cause } satisfies Failed)
          request.destroy()
          return
        }
        chunks.push(chunk)
      })
      res.on('error', fail)
      res.on('end', () => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        resolve({
          status: res.statusCode ?? 0,
          contentType: res.headers['content-type'] ?? '',
          location: res.headers.location ?? null,
          body: Buffer.concat(chunks),
        })
      })
      // Closed before its end: the answer was cut short.
      res.on('close', () => {
        if (!res.complete)
          fail(Object.assign(new Error('the answer was cut short'), { code: 'ECONNRESET' }))
      })
    })
    request.end(body)
  })
}

/** Parses a JSON answer, or throws a `malformed` error quoting the start of what came. */
export function parseJsonReply(
  req: Pick<HttpRequest, 'provider' | 'call' | 'secrets'>,
  reply: HttpReply,
): unknown {
  try {
    return JSON.parse(reply.text)
  } catch {
    throw new ProviderHttpError(
      req.provider,
      req.call,
      'malformed',
      `expected JSON, got HTTP ${reply.status} ${reply.contentType || 'without a content type'}: ${snippet(maskSecrets(reply.text, req.secrets))}`,
      reply.status,
    )
  }
}

export function malformed(
  req: Pick<HttpRequest, 'provider' | 'call' | 'secrets'>,
  reply: HttpReply,
  what: string,
): ProviderHttpError {
  return new ProviderHttpError(
    req.provider,
    req.call,
    'malformed',
    `${what}; HTTP ${reply.status}: ${snippet(maskSecrets(reply.text, req.secrets))}`,
    reply.status,
  )
}

export function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > SNIPPET ? `${flat.slice(0, SNIPPET)}…` : flat || '(empty body)'
}

/** UTF-8 unless the answer says otherwise; windows-1251 is the Russian-locale default. */
export function decodeBody(bytes: Uint8Array, contentType: string): string {
  const charset = /charset=([^;]+)/i
    .exec(contentType)?.[1]
    ?.trim()
    .toLowerCase()
    .replace(/["']/g, '')
  const label = charset === 'cp1251' ? 'windows-1251' : charset
  try {
    return new TextDecoder(label ?? 'utf-8').decode(bytes)
  } catch {
    return new TextDecoder('utf-8').decode(bytes)
  }
}

/** What a failure before any answer came means: nothing reached the provider, or maybe it did. */
function classify(err: unknown): HttpFailure {
  const e = err as { name?: string; code?: string }
  if (e?.name === 'TimeoutError') return 'timeout'
  const code = e?.code ?? ''
  if (
    [
      'ECONNREFUSED',
      'ENOTFOUND',
      'EAI_AGAIN',
      'EHOSTUNREACH',
      'ENETUNREACH',
      'ERR_INVALID_URL',
    ].includes(code)
  ) {
    return 'unreachable'
  }
  return 'reset'
}

function causeText(err: unknown): string {
  const e = err as { message?: string; code?: string }
  return e?.code ?? e?.message ?? String(err)
}
