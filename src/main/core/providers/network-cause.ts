/**
 * Why a connection to a provider failed, in words for an agent instead of a socket's code:
 * "connect ECONNREFUSED 127.0.0.1:1" is "nothing answers at 127.0.0.1:1", and an SMPP reader
 * that meets "HTTP" where a PDU's length should be says that port speaks HTTP, not SMPP. The
 * code stays at the end of each phrase for whoever supports the office. Null when the error is
 * not one of these: the caller keeps its own words.
 */
import type { PhraseRef } from '../../../shared/domain'
import { phrase } from '../../../shared/phrases'

const CERTIFICATE = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
])

/** A stream that cannot be SMPP: its first four octets are no PDU length (see smpp/pdu.ts). */
export class NotSmppError extends Error {
  constructor(readonly head: number) {
    super(`PDU length was too large (${head}): the other side does not speak SMPP`)
    this.name = 'NotSmppError'
  }

  /** The protocol those four octets begin, when they tell: an HTTP answer, a TLS record. */
  get speaks(): string {
    const bytes = [this.head >>> 24, (this.head >>> 16) & 0xff, (this.head >>> 8) & 0xff]
    if (String.fromCharCode(...bytes) === 'HTT') return 'HTTP'
    if ((bytes[0] === 0x15 || bytes[0] === 0x16) && bytes[1] === 0x03) return 'TLS'
    return ''
  }
}

export function networkCause(err: unknown, host: string): PhraseRef | null {
  if (err instanceof NotSmppError) return phrase('net.notSmpp', { host, speaks: err.speaks })
  const e = err as { code?: unknown; message?: unknown } | null
  const code = typeof e?.code === 'string' ? e.code : ''
  const message = typeof e?.message === 'string' ? e.message : ''
  switch (code) {
    case 'ECONNREFUSED':
      return phrase('net.refused', { host, code })
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return phrase('net.unknownHost', { host, code })
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
    case 'ENETDOWN':
      return phrase('net.noRoute', { host, code })
    case 'ETIMEDOUT':
      return phrase('net.timedOut', { host, code })
    case 'ECONNRESET':
    case 'EPIPE':
      return phrase('net.closed', { host, code })
  }
  if (CERTIFICATE.has(code)) return phrase('net.certificate', { host, code })
  // A plain port answering a TLS hello: OpenSSL's "wrong version number" (or "packet length
  // too long"), under ERR_SSL_… or EPROTO depending on the version.
  if (/wrong version number|packet length too long|unknown protocol/i.test(message)) {
    return phrase('net.notTls', { host, code: code || 'EPROTO' })
  }
  return null
}
