/**
 * One HTTP exchange with a provider, on Node's fetch: timeout, charset decoding (these APIs
 * answer in UTF-8 or windows-1251), and a typed error that names the provider, the call and
 * what came back — never the credentials in the request.
 */
import type { PhraseRef } from '../../../shared/domain'
import { english, phrase } from '../../../shared/phrases'
import { maskSecrets } from '../mask'

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
  ) {
    const params = { provider, call, failure, detail }
    super(english('provider.http', params))
    this.name = 'ProviderHttpError'
    this.phrase = phrase('provider.http', params)
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
  let res: Response
  try {
    res = await fetch(url, {
      method: req.method,
      headers,
      body,
      signal: AbortSignal.timeout(req.timeoutMs),
      redirect: 'error',
    })
  } catch (err) {
    throw new ProviderHttpError(req.provider, req.call, classify(err), mask(causeText(err)))
  }
  let bytes: Uint8Array
  try {
    bytes = new Uint8Array(await res.arrayBuffer())
  } catch (err) {
    const failure = classify(err) === 'timeout' ? 'timeout' : 'reset'
    throw new ProviderHttpError(req.provider, req.call, failure, mask(causeText(err)), res.status)
  }
  const contentType = res.headers.get('content-type') ?? ''
  return { status: res.status, contentType, text: decodeBody(bytes, contentType) }
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

function classify(err: unknown): HttpFailure {
  const e = err as { name?: string; cause?: { code?: string; name?: string } }
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || e?.cause?.name === 'TimeoutError')
    return 'timeout'
  const code = e?.cause?.code ?? ''
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
  const e = err as { message?: string; cause?: { code?: string; message?: string } }
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err)
}
