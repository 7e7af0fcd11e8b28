/**
 * The SMSC simulator's handler calls: as SMSC does once a handler's address is set in the
 * account, each final status, incoming message and verifying call is POSTed to it (fmt=3:
 * JSON, charset=utf-8), signed as callback.ts reads it. What each post got back is kept, for
 * tests and for `npm run sim`'s log.
 */
import { request as httpsRequest } from 'node:https'
import { request as httpRequest } from 'node:http'
import { signCallback, type CallbackAlgorithm, type CallbackKind } from './callback'

export interface SimCallbackTarget {
  /** The handler's address as given to SMSC, its own query (fmt, charset) included. */
  url: string
  secret: string
  algorithm?: CallbackAlgorithm
  /** A private server's certificate authority (a team server's self-signed certificate). */
  ca?: string | Buffer
}

export interface SimCallbackPost {
  kind: CallbackKind
  params: Record<string, string>
  /** The handler's HTTP status; 0 when it could not be reached. */
  status: number
}

export class SimCallbackPoster {
  readonly posts: SimCallbackPost[] = []

  constructor(private readonly target: SimCallbackTarget) {}

  /** Posts one call; resolves with the handler's status (0: unreachable). */
  post(kind: CallbackKind, fields: Readonly<Record<string, string>>): Promise<number> {
    const algorithm = this.target.algorithm ?? 'md5'
    const url = new URL(this.target.url)
    // SMSC posts the handler's own parameters with the call's, the control value in place of the secret.
    const params: Record<string, string> = {}
    for (const [k, v] of url.searchParams) if (k !== algorithm) params[k] = v
    Object.assign(params, fields)
    params[algorithm] = signCallback(kind, params, this.target.secret, algorithm)
    url.search = ''
    const body = JSON.stringify(params)
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest
    return new Promise<number>((resolve) => {
      const req = send(
        url,
        {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json; charset=utf-8',
            'Content-Length': Buffer.byteLength(body),
          },
          ...(this.target.ca ? { ca: this.target.ca } : {}),
          timeout: 10_000,
        },
        (res) => {
          res.resume()
          res.on('end', () => resolve(res.statusCode ?? 0))
        },
      )
      req.on('timeout', () => req.destroy())
      req.on('error', () => resolve(0))
      req.end(body)
    }).then((status) => {
      this.posts.push({ kind, params, status })
      return status
    })
  }
}
