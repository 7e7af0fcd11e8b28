/**
 * The console's link to a team server, in the console's main process: the browser page and the
 * Electron window cannot accept a certificate by its fingerprint, Node can.
 *
 * Connecting: the server's certificate is read first on a connection that sends nothing; one
 * the system does not trust is shown to the agent (team.connect answers `needsAcceptance`) and
 * nothing, the password least of all, goes to the server until they accept its fingerprint; a
 * certificate that changed on a known address is refused (certificate.ts). Then the agent signs
 * in (POST /api/login); the session's token is kept in the OS keychain under an account of its
 * own, never in the database or the log, and the contract travels over the server's TLS
 * WebSocket, reopened with a growing pause whenever it drops.
 *
 * While the server is unreachable the console takes the agent's new sends (and nothing else),
 * keeps them in its own database and hands them over in order once the server is back, each
 * under its idempotency key, so each goes out once (handover.ts).
 */
import { randomUUID } from 'node:crypto'
import { request as httpsRequest } from 'node:https'
import WebSocket, { type RawData } from 'ws'
import {
  calls,
  isCallName,
  isEventName,
  type EventName,
  type EventPayload,
  type Reply,
} from '../../../shared/contract'
import type { PhraseRef } from '../../../shared/domain'
import type {
  CertificateView,
  Handover,
  HandoverState,
  LinkState,
  LinkStatus,
} from '../../../shared/calls/team-link'
import { english, englishOf, phrase, withCause } from '../../../shared/phrases'
import { fail } from '../api/refusal'
import { ApiError, refusal, refuse, refuseField } from '../api/router'
import type { Db } from '../db/database'
import type { Log } from '../log'
import { networkCause } from '../providers/network-cause'
import { KeychainUnavailableError, type Vault } from '../vault/vault'
import {
  isCertificateError,
  judgeCertificate,
  normaliseServerUrl,
  probeCertificate,
  tlsOptionsFor,
  type ServerCertificate,
  type Trust,
} from './certificate'
import {
  HandoverStore,
  handoverView,
  placeholderOf,
  settleHandover,
  type HandoverRequest,
} from './handover'
import { isRole, type Role } from './roles'
import { KnownServers, trustOf } from './servers'

/** The keychain account the session's token is kept under (one server at a time). */
export const SESSION_ACCOUNT = 'team-server-session'

/** Pauses before each new try to reach the server, the last one repeated. */
const RETRY_MS = [500, 1000, 2000, 5000, 10_000, 30_000] as const
/** A server that answers no ping for this long is gone (sleep, a cable), not just quiet. */
const HEARTBEAT_MS = 15_000
/** How long team.connect waits for the first WebSocket to open before it answers. */
const FIRST_OPEN_MS = 10_000
const LOGIN_TIMEOUT_MS = 15_000
const LOGOUT_TIMEOUT_MS = 3_000
const MAX_LOGIN_ANSWER = 64 * 1024

export type LinkPush = <K extends EventName>(name: K, payload: EventPayload<K>) => void

export interface TeamLinkOptions {
  /** The console's database (its main connection). */
  db: Db
  vault: Vault
  log: Log
  /** Pauses between tries to reach the server (tests shorten them). */
  retryMs?: readonly number[]
  now?: () => number
}

export interface ConnectRequest {
  url: string
  user: string
  password: string
  acceptFingerprint?: string
}

export type ConnectAnswer = { status: LinkStatus } | { needsAcceptance: CertificateView }

interface Current {
  url: string
  user: string
  role: Role | null
  trust: Trust
  /** The session's token as read from the keychain; null once the session ended. */
  token: string | null
}

export class TeamLink {
  private readonly handovers: HandoverStore
  private readonly servers: KnownServers
  private readonly vault: Vault
  private readonly log: Log
  private readonly retryMs: readonly number[]
  private readonly now: () => number

  private current: Current | null = null
  private state: LinkState = 'off'
  private problem: LinkStatus['problem'] = null
  private socket: WebSocket | null = null
  /** Calls sent on the socket, by frame id: resolved with the reply, or null when it never came. */
  private readonly waiting = new Map<number, (reply: Reply<unknown> | null) => void>()
  private nextId = 1
  private tries = 0
  private retryTimer: NodeJS.Timeout | null = null
  private drainTimer: NodeJS.Timeout | null = null
  private heartbeat: NodeJS.Timeout | null = null
  /** No new try until the agent acts (the certificate changed). */
  private halted = false
  /** The agent is leaving the server: no new handover starts. */
  private leaving = false
  private draining: Promise<void> | null = null
  private closed = false
  private said = ''
  private readonly statusListeners = new Set<(status: LinkStatus) => void>()
  private readonly pushListeners = new Set<LinkPush>()

  constructor(o: TeamLinkOptions) {
    this.handovers = new HandoverStore(o.db)
    this.servers = new KnownServers(o.db)
    this.vault = o.vault
    this.log = o.log
    this.retryMs = o.retryMs?.length ? o.retryMs : RETRY_MS
    this.now = o.now ?? Date.now
  }

  /** Whether the console works with a team server (whatever the server's state). */
  get linked(): boolean {
    return this.current !== null
  }

  status(): LinkStatus {
    const cur = this.current
    const counts = cur ? this.handovers.counts(cur.url) : { waiting: 0, failed: 0 }
    return {
      state: this.state,
      url: cur?.url ?? null,
      user: cur?.user ?? null,
      role: cur?.role ?? null,
      fingerprint: cur?.trust.kind === 'pinned' ? cur.trust.fingerprint : null,
      waiting: counts.waiting,
      failed: counts.failed,
      problem: this.problem,
    }
  }

  onStatus(listener: (status: LinkStatus) => void): () => void {
    this.statusListeners.add(listener)
    return () => this.statusListeners.delete(listener)
  }

  /** The server's pushes, and the console's own about sends it keeps. */
  onPush(listener: LinkPush): () => void {
    this.pushListeners.add(listener)
    return () => this.pushListeners.delete(listener)
  }

  /** At the console's start: back to the server it worked with, if it did. */
  async start(): Promise<void> {
    const recovered = this.handovers.recover()
    if (recovered) this.log('info', `${recovered} send(s) were being handed over: tried again`)
    const saved = this.servers.linked()
    if (!saved?.user) return
    let token: string | null = null
    try {
      token = await this.vault.get(SESSION_ACCOUNT)
    } catch (err) {
      this.log(
        'warn',
        `the team server session could not be read from the keychain: ${String(err)}`,
      )
    }
    if (token) this.log.mask(token)
    this.current = {
      url: saved.url,
      user: saved.user,
      role: saved.role,
      trust: trustOf(saved),
      token,
    }
    if (!token) return this.sessionEnded()
    this.setState('connecting', null)
    this.openSocket()
  }

  async connect(input: ConnectRequest): Promise<ConnectAnswer> {
    const url = normaliseServerUrl(input.url)
    if (!url) {
      throw refuseField('url', { reason: english('link.badUrl'), phrase: phrase('link.badUrl') })
    }
    this.log.mask(input.password)
    const before = this.current
    if (before && before.url !== url) {
      const { waiting } = this.handovers.counts(before.url)
      if (waiting)
        throw refuse('CONFLICT', 'link.sendsWaiting', { count: waiting, url: before.url })
    }

    let cert: ServerCertificate
    try {
      cert = await probeCertificate(url)
    } catch (err) {
      throw this.unreachable(url, err)
    }
    const known = this.servers.get(url)
    const verdict = judgeCertificate(cert, known?.fingerprint ?? null, input.acceptFingerprint)
    if (verdict.kind === 'ask') {
      const { fingerprint, subject, issuer, validFrom, validTo } = cert
      return { needsAcceptance: { url, fingerprint, subject, issuer, validFrom, validTo } }
    }
    if (verdict.kind === 'changed') {
      this.log('warn', `team server ${url}: certificate changed (${cert.fingerprint}); refused`)
      throw refuse('CONFLICT', 'link.certificateChanged', {
        url,
        was: verdict.was,
        now: cert.fingerprint,
      })
    }
    if (verdict.kind === 'accept') {
      // The agent's decision on the certificate stands whatever the password turns out to be.
      this.servers.accept(url, cert.fingerprint, cert.pem, this.now())
      this.log('info', `team server ${url}: certificate ${cert.fingerprint} accepted`)
    }
    const trust: Trust =
      verdict.kind === 'trusted'
        ? { kind: 'system' }
        : { kind: 'pinned', fingerprint: cert.fingerprint, pem: cert.pem }

    const signedIn = await this.login(url, trust, input.user, input.password)
    this.log.mask(signedIn.token)
    try {
      await this.vault.set(SESSION_ACCOUNT, signedIn.token)
    } catch (err) {
      // Without the keychain the session would have to live somewhere less safe: it does not.
      if (err instanceof KeychainUnavailableError) throw refusal('UNAVAILABLE', err)
      throw err
    }
    this.teardown()
    this.halted = false
    this.tries = 0
    this.servers.link(url, signedIn.user, signedIn.role)
    this.current = { url, user: signedIn.user, role: signedIn.role, trust, token: signedIn.token }
    this.log('info', `signed in to the team server ${url} as ${signedIn.user}`)
    this.setState('connecting', null)
    this.openSocket()
    await this.firstOpen()
    return { status: this.status() }
  }

  /** Signs out and works alone again (see team.disconnect). */
  async disconnect(o: { dropWaiting?: boolean }): Promise<LinkStatus> {
    const cur = this.current
    if (!cur) return this.status()
    // A send being handed over right now gets its answer first: then it is known to be sent.
    this.leaving = true
    try {
      await this.draining
    } finally {
      this.leaving = false
    }
    const { waiting } = this.handovers.counts(cur.url)
    if (waiting && !o.dropWaiting) {
      this.drain()
      throw refuse('CONFLICT', 'link.sendsWaiting', { count: waiting, url: cur.url })
    }
    if (waiting) {
      const dropped = this.handovers.drop(cur.url, 'Dropped by the agent when leaving the server')
      this.log('warn', `${dropped} send(s) kept for ${cur.url} dropped by the agent`)
    }
    this.teardown()
    if (cur.token && this.state !== 'signed-out') await this.logout(cur)
    try {
      await this.vault.delete(SESSION_ACCOUNT)
    } catch (err) {
      this.log(
        'warn',
        `the team server session could not be removed from the keychain: ${String(err)}`,
      )
    }
    this.servers.unlink()
    this.current = null
    this.halted = false
    this.log('info', `left the team server ${cur.url}: the console works alone`)
    this.setState('off', null)
    return this.status()
  }

  forgetCertificate(input: string): boolean {
    const url = normaliseServerUrl(input)
    if (!url) {
      throw refuseField('url', { reason: english('link.badUrl'), phrase: phrase('link.badUrl') })
    }
    const forgotten = this.servers.forget(url)
    if (forgotten) this.log('info', `team server ${url}: accepted certificate forgotten`)
    return forgotten
  }

  handoverList(filter: { state?: HandoverState; limit?: number }): Handover[] {
    return this.handovers.list(filter).map(handoverView)
  }

  /** A contract call while linked: to the server, or kept (a send) while it is unreachable. */
  async call(name: unknown, request: unknown): Promise<Reply<unknown>> {
    try {
      if (!isCallName(name)) {
        return fail('UNKNOWN_CALL', 'call.unknown', {
          name: typeof name === 'string' ? JSON.stringify(name.slice(0, 64)) : `(${typeof name})`,
        })
      }
      // The first connection being opened (the console just started, the agent just signed
      // in): the windows' first calls wait for it rather than fail.
      if (this.state === 'connecting') await this.firstOpen()
      const cur = this.current
      if (!cur) return fail('UNAVAILABLE', 'link.offline', { url: '' })
      if (this.state === 'signed-out')
        return fail('UNAUTHORIZED', 'link.signedOut', { url: cur.url })
      if (name === 'messages.send') return await this.send(cur, request)
      const reply = await this.forward(name, request)
      if (reply === 'unsent') return fail('UNAVAILABLE', 'link.offline', { url: cur.url })
      if (reply === null) return fail('UNAVAILABLE', 'link.lost', { url: cur.url })
      return reply
    } catch (err) {
      this.log('error', `a call through the team server link failed: ${String(err)}`)
      return fail('INTERNAL', 'call.crashed')
    }
  }

  async close(): Promise<void> {
    this.closed = true
    this.teardown()
    if (this.drainTimer) clearTimeout(this.drainTimer)
    await this.draining
    this.statusListeners.clear()
    this.pushListeners.clear()
  }

  // ─── sends ───────────────────────────────────────────────────────────────────

  private async send(cur: Current, request: unknown): Promise<Reply<unknown>> {
    const parsed = calls['messages.send'].request.safeParse(request ?? {})
    if (!parsed.success) {
      return {
        ok: false,
        error: {
          code: 'BAD_REQUEST',
          message: `Invalid request for messages.send: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`).join('; ')}`,
          issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        },
      }
    }
    // A key always: a send whose answer is lost is handed over again under it, and stays one.
    const kept: HandoverRequest = {
      ...parsed.data,
      idempotencyKey: parsed.data.idempotencyKey ?? randomUUID(),
    }
    // Straight to the server when nothing kept is before it: sends reach it in the agent's order.
    if (this.state === 'online' && this.handovers.counts(cur.url).waiting === 0) {
      const reply = await this.forward('messages.send', kept)
      if (reply !== 'unsent' && reply !== null) return reply
    }
    const row = this.handovers.add(cur.url, kept, this.now())
    this.log('info', `send #${row.id} kept for the team server until it answers`)
    const message = placeholderOf(row)
    this.push('message.updated', message)
    this.emitStatus()
    this.drain()
    return { ok: true, result: message }
  }

  /** Hands the kept sends over, oldest first, while the server is online. */
  private drain(): void {
    if (this.draining || this.closed || this.leaving || this.state !== 'online') return
    this.draining = this.handOver()
      .catch((err: unknown) => this.log('error', `handing sends over failed: ${String(err)}`))
      .finally(() => {
        this.draining = null
      })
  }

  private async handOver(): Promise<void> {
    for (;;) {
      const cur = this.current
      if (!cur || this.state !== 'online' || this.leaving || this.closed) return
      const next = this.handovers.next(cur.url)
      if (!next) return
      if (next.state === 'sending') this.handovers.move(next.id, 'recover', this.now())
      this.handovers.move(next.id, 'send', this.now())
      const reply = await this.forward('messages.send', next.request)
      const settled = settleHandover(reply === 'unsent' ? null : reply)
      if (settled.event === 'handed') {
        this.handovers.move(next.id, 'handed', this.now(), { messageId: settled.messageId })
        this.log('info', `send #${next.id} handed over as message ${settled.messageId ?? '?'}`)
      } else if (settled.event === 'refused') {
        this.handovers.move(next.id, 'refused', this.now(), { error: settled.error })
        this.log('warn', `send #${next.id} refused by the team server: ${settled.error}`)
        const failed = this.handovers
          .list({ state: 'failed', limit: 500 })
          .find((h) => h.id === next.id)
        if (failed) this.push('message.updated', placeholderOf(failed))
      } else {
        this.handovers.move(next.id, 'retry', this.now())
        this.emitStatus()
        // The connection dropped: its reopening hands the rest over. The server answered but
        // could not take it now: it is tried again after a pause.
        if (reply !== 'unsent' && reply !== null && !settled.signedOut) this.drainLater()
        return
      }
      this.emitStatus()
    }
  }

  private drainLater(): void {
    if (this.drainTimer || this.closed) return
    const pause = this.retryMs[this.retryMs.length - 1] ?? 5000
    this.drainTimer = setTimeout(() => {
      this.drainTimer = null
      this.drain()
    }, pause)
    this.drainTimer.unref()
  }

  // ─── the socket ──────────────────────────────────────────────────────────────

  private openSocket(): void {
    const cur = this.current
    if (!cur || this.closed || this.halted || this.socket) return
    if (!cur.token) return this.sessionEnded()
    const ws = new WebSocket(`${cur.url.replace(/^https:/, 'wss:')}/api`, {
      ...tlsOptionsFor(cur.trust),
      headers: { Authorization: `Bearer ${cur.token}` },
      handshakeTimeout: FIRST_OPEN_MS,
      perMessageDeflate: false,
    })
    this.socket = ws
    let failure: Error | null = null
    let answered = true
    ws.on('open', () => {
      if (this.socket !== ws) return
      this.tries = 0
      this.log('info', `team server ${cur.url}: connected`)
      this.setState('online', null)
      this.heartbeat = setInterval(() => {
        if (!answered) return ws.terminate()
        answered = false
        ws.ping()
      }, HEARTBEAT_MS)
      this.heartbeat.unref()
      this.drain()
    })
    ws.on('pong', () => {
      answered = true
    })
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (this.socket === ws && !isBinary) this.onFrame(rawText(data))
    })
    ws.on('error', (err) => {
      failure = err
    })
    ws.on('close', (code: number) => {
      if (this.socket !== ws) return
      this.socket = null
      if (this.heartbeat) clearInterval(this.heartbeat)
      this.heartbeat = null
      this.loseWaiting()
      void this.afterClose(cur, code, failure).catch((err: unknown) =>
        this.log('error', `team server link: ${String(err)}`),
      )
    })
  }

  private async afterClose(cur: Current, code: number, failure: Error | null): Promise<void> {
    if (this.closed || this.current !== cur) return
    // The server ended the session (signed out elsewhere, expired, user disabled).
    if (code === 4001 || /Unexpected server response: 401\b/.test(failure?.message ?? '')) {
      return this.sessionEnded()
    }
    if (failure && isCertificateError(failure) && (await this.certificateChanged(cur))) return
    if (this.current !== cur) return
    const problem = failure
      ? this.unreachableRef(cur.url, failure)
      : phrase('link.offline', { url: cur.url })
    if (this.state === 'online') this.log('warn', `team server ${cur.url}: connection lost`)
    this.setState('offline', said(problem))
    this.retryLater()
  }

  /** The server's certificate looked at again after it was refused: true when it changed. */
  private async certificateChanged(cur: Current): Promise<boolean> {
    let cert: ServerCertificate
    try {
      cert = await probeCertificate(cur.url)
    } catch {
      return false
    }
    const accepted = cur.trust.kind === 'pinned' ? cur.trust.fingerprint : null
    const verdict = judgeCertificate(cert, accepted, undefined)
    if (verdict.kind === 'trusted' && cur.trust.kind === 'pinned') {
      // Renewed with a certificate the system trusts: that is what any browser would accept.
      cur.trust = { kind: 'system' }
      return false
    }
    if (verdict.kind !== 'changed') return false
    this.log('warn', `team server ${cur.url}: certificate changed (${cert.fingerprint}); refused`)
    this.halted = true
    this.setState(
      'offline',
      said(
        phrase('link.certificateChanged', {
          url: cur.url,
          was: verdict.was,
          now: cert.fingerprint,
        }),
      ),
    )
    return true
  }

  private retryLater(): void {
    if (this.retryTimer || this.closed || this.halted || !this.current) return
    const pause = this.retryMs[Math.min(this.tries, this.retryMs.length - 1)] ?? 30_000
    this.tries++
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null
      this.openSocket()
    }, pause)
    this.retryTimer.unref()
  }

  private sessionEnded(): void {
    const cur = this.current
    if (!cur) return
    this.log('info', `team server ${cur.url}: the session ended; the agent signs in again`)
    cur.token = null
    this.teardown()
    this.vault.delete(SESSION_ACCOUNT).catch((err: unknown) => {
      this.log('warn', `the ended session could not be removed from the keychain: ${String(err)}`)
    })
    this.setState('signed-out', said(phrase('link.signedOut', { url: cur.url })))
  }

  private onFrame(text: string): void {
    let frame: unknown
    try {
      frame = JSON.parse(text)
    } catch {
      return
    }
    if (typeof frame !== 'object' || frame === null) return
    const f = frame as {
      id?: unknown
      reply?: unknown
      event?: unknown
      payload?: unknown
      events?: unknown
    }
    // A turn's pushes come together, in order.
    if (Array.isArray(f.events)) {
      for (const e of f.events) this.onEvent(e as { event?: unknown; payload?: unknown })
      return
    }
    if (typeof f.event === 'string') return this.onEvent(f)
    if (typeof f.id === 'number' && isReply(f.reply)) {
      const settle = this.waiting.get(f.id)
      this.waiting.delete(f.id)
      settle?.(f.reply)
    }
  }

  private onEvent(f: { event?: unknown; payload?: unknown }): void {
    if (typeof f.event === 'string') {
      if (f.event === 'team.session') return this.noteSession(f.payload)
      // The link's own status is the console's to say, never a server's.
      if (!isEventName(f.event) || f.event === 'team.status') return
      this.push(f.event, f.payload as EventPayload<typeof f.event>)
    }
  }

  /** The server says who this session is: the user's role may have changed since sign-in. */
  private noteSession(payload: unknown): void {
    const cur = this.current
    const user = (payload as { user?: { name?: unknown; role?: unknown } } | null)?.user
    if (!cur || typeof user?.name !== 'string' || !isRole(user.role)) return
    cur.user = user.name
    cur.role = user.role
    this.servers.setRole(cur.url, user.name, user.role)
    this.emitStatus()
  }

  /** A call on the open socket: the reply, null when the connection dropped first, 'unsent'. */
  private forward(name: string, request: unknown): Promise<Reply<unknown> | null | 'unsent'> {
    const ws = this.socket
    if (!ws || ws.readyState !== WebSocket.OPEN || this.state !== 'online') {
      return Promise.resolve('unsent')
    }
    const id = this.nextId++
    return new Promise((resolve) => {
      this.waiting.set(id, resolve)
      ws.send(JSON.stringify({ id, call: name, request }), (err) => {
        // It may have left before the error: as good as sent, its answer lost.
        if (err && this.waiting.delete(id)) resolve(null)
      })
    })
  }

  private loseWaiting(): void {
    const lost = [...this.waiting.values()]
    this.waiting.clear()
    for (const settle of lost) settle(null)
  }

  private teardown(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer)
    this.retryTimer = null
    if (this.heartbeat) clearInterval(this.heartbeat)
    this.heartbeat = null
    const ws = this.socket
    this.socket = null
    if (ws) ws.terminate()
    this.loseWaiting()
  }

  private firstOpen(): Promise<void> {
    if (this.state !== 'connecting') return Promise.resolve()
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        off()
        resolve()
      }
      const timer = setTimeout(done, FIRST_OPEN_MS)
      const off = this.onStatus((s) => {
        if (s.state !== 'connecting') done()
      })
    })
  }

  // ─── signing in and out ──────────────────────────────────────────────────────

  private login(
    url: string,
    trust: Trust,
    user: string,
    password: string,
  ): Promise<{ token: string; user: string; role: Role | null }> {
    return new Promise((resolve, reject) => {
      const body = JSON.stringify({ user, password })
      const req = httpsRequest(
        `${url}/api/login`,
        {
          method: 'POST',
          ...tlsOptionsFor(trust),
          // A connection of its own: a resumed TLS session would skip the certificate's check.
          agent: false,
          timeout: LOGIN_TIMEOUT_MS,
          headers: {
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(body),
          },
        },
        (res) => {
          const chunks: Buffer[] = []
          let size = 0
          res.on('data', (c: Buffer) => {
            size += c.length
            if (size <= MAX_LOGIN_ANSWER) chunks.push(c)
          })
          res.on('error', (err) => reject(this.unreachable(url, err)))
          res.on('end', () => {
            const status = res.statusCode ?? 0
            const answer = parseJson(Buffer.concat(chunks).toString('utf8'))
            if (status === 200) {
              const a = answer as { token?: unknown; user?: { name?: unknown; role?: unknown } }
              if (typeof a?.token === 'string' && typeof a.user?.name === 'string') {
                return resolve({
                  token: a.token,
                  user: a.user.name,
                  role: isRole(a.user.role) ? a.user.role : null,
                })
              }
              return reject(refuse('UNAVAILABLE', 'link.serverRefused', { status }))
            }
            if (status === 401) return reject(refuse('UNAUTHORIZED', 'link.badCredentials'))
            if (status === 403) return reject(refuse('FORBIDDEN', 'link.disabled', { user }))
            if (status === 429) {
              const after = Number(res.headers['retry-after'])
              const seconds = Number.isFinite(after) && after > 0 ? Math.ceil(after) : 60
              return reject(refuse('UNAVAILABLE', 'link.rateLimited', { seconds }))
            }
            reject(refuse('UNAVAILABLE', 'link.serverRefused', { status }))
          })
        },
      )
      req.on('timeout', () =>
        req.destroy(Object.assign(new Error('no answer in time'), { code: 'ETIMEDOUT' })),
      )
      req.on('error', (err) => reject(this.unreachable(url, err)))
      req.end(body)
    })
  }

  /** Ends the session on the server too, when it can be reached at once; never waits long. */
  private logout(cur: Current): Promise<void> {
    return new Promise((resolve) => {
      const req = httpsRequest(
        `${cur.url}/api/logout`,
        {
          method: 'POST',
          ...tlsOptionsFor(cur.trust),
          agent: false,
          timeout: LOGOUT_TIMEOUT_MS,
          headers: { Authorization: `Bearer ${cur.token ?? ''}`, 'Content-Length': 0 },
        },
        (res) => {
          res.resume()
          res.on('end', () => resolve())
        },
      )
      req.on('timeout', () => req.destroy())
      req.on('error', () => resolve())
      req.end()
    })
  }

  // ─── what is said ────────────────────────────────────────────────────────────

  private unreachableRef(url: string, err: unknown): PhraseRef {
    const cause = networkCause(err, new URL(url).host)
    const text = cause ? englishOf(cause) : err instanceof Error ? err.message : String(err)
    return withCause(phrase('link.unreachable', { url, cause: text }), cause)
  }

  private unreachable(url: string, err: unknown): ApiError {
    if (err instanceof ApiError) return err
    const ref = this.unreachableRef(url, err)
    return new ApiError('UNAVAILABLE', englishOf(ref), ref)
  }

  private setState(state: LinkState, problem: LinkStatus['problem']): void {
    this.state = state
    this.problem = problem
    this.emitStatus()
  }

  private emitStatus(): void {
    const status = this.status()
    const text = JSON.stringify(status)
    if (text === this.said) return
    this.said = text
    for (const l of this.statusListeners) {
      try {
        l(status)
      } catch (err) {
        this.log('warn', `a team status listener failed: ${String(err)}`)
      }
    }
  }

  private push<K extends EventName>(name: K, payload: EventPayload<K>): void {
    for (const l of this.pushListeners) {
      try {
        l(name, payload)
      } catch (err) {
        this.log('warn', `a listener failed on ${name}: ${String(err)}`)
      }
    }
  }
}

function said(ref: PhraseRef): NonNullable<LinkStatus['problem']> {
  return { message: englishOf(ref), phrase: ref }
}

function isReply(v: unknown): v is Reply<unknown> {
  if (typeof v !== 'object' || v === null) return false
  const r = v as { ok?: unknown; error?: { code?: unknown; message?: unknown } }
  // A call that answers nothing comes as {"ok": true}: JSON has no undefined.
  if (r.ok === true) return true
  return r.ok === false && typeof r.error?.code === 'string' && typeof r.error.message === 'string'
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8')
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8')
  return Buffer.from(data).toString('utf8')
}
