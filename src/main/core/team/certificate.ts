/**
 * Whom the console trusts to be its team server. A certificate the system trusts for the
 * server's name is accepted as any HTTPS client would; any other only once the agent has
 * accepted its SHA-256 fingerprint for that address, and from then on only that very
 * certificate: one that changes on a known address is refused, since that is exactly what an
 * interception looks like. The certificate is read on a connection of its own that sends
 * nothing, so nothing (the password least of all) goes to a server before it is trusted.
 */
import { X509Certificate } from 'node:crypto'
import { isIP } from 'node:net'
import {
  connect,
  type ConnectionOptions,
  type DetailedPeerCertificate,
  type PeerCertificate,
} from 'node:tls'

/** A server's certificate as the console read it. */
export interface ServerCertificate {
  /** SHA-256, hex pairs separated by colons (as X509Certificate.fingerprint256 writes it). */
  fingerprint: string
  /** The certificate and those the server sent with it (its issuers), in PEM. */
  pem: string
  subject: string
  issuer: string
  validFrom: string
  validTo: string
  /** The system's roots vouch for it, for this host name. */
  trusted: boolean
}

/** How the console checks the server at each connection. */
export type Trust = { kind: 'system' } | { kind: 'pinned'; fingerprint: string; pem: string }

export type Verdict =
  /** The system trusts it: no acceptance needed. */
  | { kind: 'trusted' }
  /** The certificate the agent accepted for this address before. */
  | { kind: 'pinned' }
  /** The agent accepts it now (the fingerprint they saw is this certificate's). */
  | { kind: 'accept' }
  /** Unknown: the agent must see its fingerprint and accept it first. */
  | { kind: 'ask' }
  /** Another certificate than the one accepted for this address. */
  | { kind: 'changed'; was: string }

/** Fingerprints compared as the hex they are: case, colons and spaces do not matter. */
export function sameFingerprint(a: string, b: string): boolean {
  const bare = (f: string) => f.replace(/[\s:]/g, '').toUpperCase()
  const x = bare(a)
  return /^[0-9A-F]{64}$/.test(x) && x === bare(b)
}

/**
 * What to make of the certificate a server presented, given the fingerprint accepted for its
 * address before (if any) and the one the agent is accepting now (if any).
 */
export function judgeCertificate(
  cert: Pick<ServerCertificate, 'fingerprint' | 'trusted'>,
  accepted: string | null,
  accepting: string | undefined,
): Verdict {
  if (cert.trusted) return { kind: 'trusted' }
  if (accepted !== null) {
    // Never re-accepted in passing: the agent forgets the old one on purpose first.
    return sameFingerprint(accepted, cert.fingerprint)
      ? { kind: 'pinned' }
      : { kind: 'changed', was: accepted }
  }
  if (accepting !== undefined && sameFingerprint(accepting, cert.fingerprint)) {
    return { kind: 'accept' }
  }
  return { kind: 'ask' }
}

export class PinMismatchError extends Error {
  readonly code = 'CERT_PIN_MISMATCH'
  constructor(readonly presented: string) {
    super(`the server presented another certificate (${presented}) than the one accepted`)
    this.name = 'PinMismatchError'
  }
}

/**
 * TLS options that let a connection through only to the server the trust names: the system's
 * roots and the host name for a trusted server; exactly the accepted certificate otherwise (its
 * name is not checked: the agent accepted that certificate for this address, whatever it says).
 * Node verifies before it sends any of the request.
 */
export function tlsOptionsFor(trust: Trust): ConnectionOptions {
  if (trust.kind === 'system') return { rejectUnauthorized: true }
  return {
    rejectUnauthorized: true,
    ca: trust.pem,
    // The accepted certificate is an anchor of its own, even when the issuer that signed it is
    // not among those the server sends (where the runtime knows this option).
    ...({ allowPartialTrustChain: true } as ConnectionOptions),
    checkServerIdentity: (_host: string, cert: PeerCertificate) =>
      sameFingerprint(trust.fingerprint, cert.fingerprint256)
        ? undefined
        : new PinMismatchError(cert.fingerprint256),
  }
}

/** A refusal of the server's certificate (not a network failure): worth a fresh look at it. */
export function isCertificateError(err: unknown): boolean {
  if (err instanceof PinMismatchError) return true
  const code = (err as { code?: unknown } | null)?.code
  const text = `${typeof code === 'string' ? code : ''} ${err instanceof Error ? err.message : ''}`
  return /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ALTNAME/.test(text)
}

/**
 * The server's address as the console keeps it (`https://host:port`), or null for one it cannot
 * be: another scheme, a user or password in it, or a path (the server answers at its root).
 */
export function normaliseServerUrl(input: string): string | null {
  let text = input.trim()
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `https://${text}`
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return null
  }
  if (url.protocol === 'wss:') url = new URL(`https://${url.host}${url.pathname}`)
  if (url.protocol !== 'https:' || !url.hostname) return null
  if (url.username || url.password || url.search || url.hash) return null
  if (url.pathname !== '/' && url.pathname !== '') return null
  return url.origin
}

const PROBE_TIMEOUT_MS = 10_000

/**
 * Reads the certificate the server presents, on a connection that only shakes hands: nothing is
 * written to it. Rejects with the network's error when the server cannot be reached.
 */
export function probeCertificate(
  serverUrl: string,
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<ServerCertificate> {
  const url = new URL(serverUrl)
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  const port = Number(url.port || 443)
  return new Promise((resolve, reject) => {
    const socket = connect({
      host,
      port,
      ...(isIP(host) ? {} : { servername: host }),
      // Read, not trusted: what is trusted is decided from what is read here.
      rejectUnauthorized: false,
    })
    const timer = setTimeout(() => {
      socket.destroy()
      reject(Object.assign(new Error('no answer in time'), { code: 'ETIMEDOUT' }))
    }, timeoutMs)
    socket.once('secureConnect', () => {
      clearTimeout(timer)
      const cert = socket.getPeerX509Certificate()
      const chain = chainOf(socket.getPeerCertificate(true))
      const trusted = socket.authorized
      socket.destroy()
      if (!cert) return reject(new Error('the server presented no certificate'))
      resolve(describe(cert, chain, trusted))
    })
    socket.once('error', (err) => {
      clearTimeout(timer)
      socket.destroy()
      reject(err)
    })
  })
}

/** The presented certificate and its issuers as the server sent them, in PEM. */
function chainOf(leaf: DetailedPeerCertificate): string {
  const pems: string[] = []
  const seen = new Set<string>()
  for (let c: DetailedPeerCertificate | undefined = leaf; c?.raw; c = c.issuerCertificate) {
    if (seen.has(c.fingerprint256)) break
    seen.add(c.fingerprint256)
    pems.push(new X509Certificate(c.raw).toString())
  }
  return pems.join('')
}

function describe(cert: X509Certificate, chain: string, trusted: boolean): ServerCertificate {
  return {
    fingerprint: cert.fingerprint256,
    pem: chain || cert.toString(),
    subject: oneLine(cert.subject),
    issuer: oneLine(cert.issuer),
    validFrom: cert.validFrom,
    validTo: cert.validTo,
    trusted,
  }
}

function oneLine(dn: string): string {
  return dn.split('\n').filter(Boolean).join(', ')
}
