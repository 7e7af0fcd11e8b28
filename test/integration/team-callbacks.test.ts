// SMSC's callbacks on a real team server: the server's process on a real PostgreSQL, its
// handler's address printed by `npm run server -- --callback-url`, and SMSC's HTTP simulator
// posting statuses, replies and verifying calls to it over TLS as SMSC would. A checked call
// moves the message (or keeps the reply, or verifies the number) once however often it comes;
// one with a wrong control value changes nothing; when the handler falls silent the server polls
// again by itself.
import { execFileSync } from 'node:child_process'
import { request } from 'node:https'
import { rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OutboxMessage } from '../../src/shared/contract'
import { SmscHttpSimulator } from '../../src/main/core/providers/smsc-http/sim'
import { SimCallbackPoster } from '../../src/main/core/providers/smsc-http/sim-callbacks'
import { openPgDatabase, type PgDatabase } from '../../src/main/core/stores/postgres/database'
import { startPostgres, type Postgres } from '../helpers/postgres'
import {
  connect,
  makeTls,
  signIn,
  startServer,
  type Console,
  type ServerProcess,
  type Tls,
} from '../helpers/team-server'
import { waitFor, waitForValue } from '../helpers/wait'

const ADMIN = { name: 'Dilnoza', password: 'correct horse battery' }
const SERVER = resolve(__dirname, '../../src/main/server/server.ts')
const PROFILE = 'office-smsc'

describe("SMSC's callbacks on the team server", () => {
  let pg: Postgres
  let db: PgDatabase
  let tls: Tls
  let server: ServerProcess
  let sim: SmscHttpSimulator
  let admin: Console
  let handler: string
  let secret: string

  beforeAll(async () => {
    pg = await startPostgres()
    tls = makeTls()
    sim = new SmscHttpSimulator({
      login: 'office',
      password: 'office-pw',
      operatorAfterMs: 50,
      finalAfterMs: 300,
    })
    await sim.start()
    server = await startServer(pg.url, tls, {
      admin: ADMIN,
      // Silence waited out quickly; replies polled often, so a poll and a post of one reply meet.
      env: { SMS_CONSOLE_CALLBACK_SILENCE_MS: '4000', SMS_CONSOLE_INBOUND_POLL_MS: '300' },
    })
    db = await openPgDatabase(pg.url)
    admin = await connect(
      server.url,
      tls.ca,
      await signIn(server.url, tls.ca, ADMIN.name, ADMIN.password),
    )
    const saved = await admin.call('profiles.save', {
      kind: 'smsc-http',
      id: PROFILE,
      name: 'Office SMSC',
      baseUrl: sim.url,
      login: 'office',
      senders: ['Shop'],
      defaultCountry: 'RU',
      callbacks: true,
    })
    expect(saved.ok).toBe(true)
    expect(
      await admin.call('credentials.set', { profileId: PROFILE, password: 'office-pw' }),
    ).toMatchObject({
      ok: true,
    })
    // The address to give SMSC, as the administrator asks the server for it.
    handler = execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        SERVER,
        '--callback-url',
        PROFILE,
        '--public-url',
        server.url,
        '--secret-key-file',
        tls.secretKeyFile,
      ],
      { encoding: 'utf8' },
    ).trim()
    const url = new URL(handler)
    secret = url.searchParams.get('md5') ?? ''
    expect(`${url.origin}${url.pathname}`).toBe(`${server.url}/api/callbacks/${PROFILE}`)
    expect(url.searchParams.get('fmt')).toBe('3')
    expect(url.searchParams.get('charset')).toBe('utf-8')
    expect(secret).toMatch(/^[A-Za-z0-9_-]{32}$/)
    sim.postCallbacksTo({ url: handler, secret, algorithm: 'md5', ca: tls.ca })
  }, 180_000)

  afterAll(async () => {
    admin?.close()
    await server?.stop()
    await sim?.stop()
    await db?.close()
    await pg?.stop()
    if (tls) rmSync(tls.dir, { recursive: true, force: true })
  })

  /** How many pushed replies hold `words`. */
  const received = (words: string) =>
    admin.events.filter(
      (e) => e.event === 'inbox.received' && JSON.stringify(e.payload).includes(words),
    ).length

  const latest = (id: number) =>
    [...admin.events]
      .reverse()
      .find((e) => e.event === 'message.updated' && (e.payload as OutboxMessage).id === id)
      ?.payload as OutboxMessage | undefined

  /** A post to the handler, signed with `withSecret` (the profile's, or another). */
  const postAs = (
    withSecret: string,
    kind: 'status' | 'inbound' | 'waitcall',
    fields: Record<string, string>,
  ) => new SimCallbackPoster({ url: handler, secret: withSecret, ca: tls.ca }).post(kind, fields)

  it('moves a message by the status SMSC posts, once, and refuses a forged one', async () => {
    const sent = await admin.call('messages.send', {
      profileId: PROFILE,
      sender: 'Shop',
      phone: '+7 916 123-45-67',
      text: 'Ваш заказ готов',
    })
    expect(sent.ok).toBe(true)
    const id = (sent.result as OutboxMessage).id
    await waitFor(() => latest(id)?.state === 'delivered', 'delivered by the callback')
    const posts = sim.callbackPosts?.posts ?? []
    const status = posts.find((p) => p.kind === 'status' && p.params.phone === '79161234567')
    expect(status).toMatchObject({
      status: 200,
      params: { status: '1', fmt: '3', charset: 'utf-8' },
    })
    const providerId = status?.params.id ?? ''
    const detail = async () =>
      (await admin.call('messages.detail', { id })).result as {
        trail: unknown[]
        receipts: { price: string | null }[]
      }
    const before = await detail()
    expect(before.receipts.at(-1)?.price).toBe('2.50')

    // The same status again (SMSC repeats itself): answered, nothing moves.
    expect(await postAs(secret, 'status', fieldsOf(status?.params))).toBe(200)
    // Signed with another secret, or its fields changed: refused, nothing changes.
    const failedFields = { id: providerId, phone: '79161234567', status: '20', err: '1' }
    expect(await postAs('not-the-secret', 'status', failedFields)).toBe(403)
    const forged = await postCustom(handler, tls.ca, {
      ...failedFields,
      md5: status?.params.md5 ?? '',
    })
    expect(forged).toBe(403)
    expect(await postCustom(handler, tls.ca, failedFields)).toBe(403)
    const after = await detail()
    expect(after.trail).toEqual(before.trail)
    expect(latest(id)?.state).toBe('delivered')
    // A profile without callbacks, or none at all: no handler.
    expect(await postCustom(`${server.url}/api/callbacks/sandbox-smsc`, tls.ca, failedFields)).toBe(
      404,
    )
    expect(await postCustom(`${server.url}/api/callbacks/nobody`, tls.ca, failedFields)).toBe(404)
    expect(server.output()).toContain(`${PROFILE}: a callback refused (forged)`)
    expect(server.output()).not.toContain(secret)
  })

  it('checks a status signed with sha1 or crc32 as one signed with md5', async () => {
    // The handler's address naming sha1= or crc32= in place of md5= (the account's choice):
    // SMSC then signs with that algorithm.
    const status = (sim.callbackPosts?.posts ?? []).find((p) => p.kind === 'status')
    expect(status?.status).toBe(200)
    const fields = fieldsOf(status?.params)
    const failed = { ...fields, status: '20', err: '1' }
    for (const algorithm of ['sha1', 'crc32'] as const) {
      const url = handler.replace('md5=', `${algorithm}=`)
      const poster = (withSecret: string) =>
        new SimCallbackPoster({ url, secret: withSecret, algorithm, ca: tls.ca })
      // The same final status again: taken, and nothing moves.
      expect(await poster(secret).post('status', fields)).toBe(200)
      expect(await poster('not-the-secret').post('status', failed)).toBe(403)
      // The server's log comes through its output, after its answer.
      await waitFor(
        () => server.output().includes(`the ${algorithm} value does not match`),
        `the forged ${algorithm} value logged`,
      )
    }
    const id = Number(
      (
        await db.pool.query(`SELECT message_id FROM message_provider_ids WHERE provider_id = $1`, [
          fields.id,
        ])
      ).rows[0]?.message_id,
    )
    expect(latest(id)?.state).toBe('delivered')
  })

  it('keeps a reply once, however often SMSC posts it', async () => {
    sim.injectInbound({
      phone: '79167654321',
      message: 'Спасибо, заберу завтра',
      toPhone: '79001234501',
    })
    await waitFor(() => received('заберу завтра') === 1, 'the reply pushed')
    // Polled or posted first, whichever came first: the post is kept once it has its answer.
    const inboundPost = () => (sim.callbackPosts?.posts ?? []).find((p) => p.kind === 'inbound')
    await waitFor(() => inboundPost() !== undefined, 'the reply posted')
    const posted = inboundPost()
    expect(posted?.status).toBe(200)
    expect(await postAs(secret, 'inbound', fieldsOf(posted?.params))).toBe(200)
    // Any push of it went before this answer on the socket.
    await admin.call('app.info')
    expect(received('заберу завтра')).toBe(1)
    const rows = await db.pool.query(
      `SELECT ref FROM inbound_messages WHERE text = 'Спасибо, заберу завтра'`,
    )
    expect(rows.rows).toEqual([{ ref: posted?.params.id }])
  })

  it('verifies a number by the call SMSC posts', async () => {
    const started = await admin.call('verification.start', {
      profileId: PROFILE,
      phone: '+7 916 555-01-01',
    })
    expect(started.ok).toBe(true)
    expect(sim.customerCalls('79165550101')).not.toBeNull()
    await waitFor(
      () =>
        admin.events.some(
          (e) =>
            e.event === 'verification.updated' &&
            (e.payload as { state: string }).state === 'verified',
        ),
      'verified by the posted call',
    )
    expect((sim.callbackPosts?.posts ?? []).find((p) => p.kind === 'waitcall')?.status).toBe(200)
  })

  it('polls again by itself once the handler falls silent', async () => {
    sim.postCallbacksTo(null)
    const sent = await admin.call('messages.send', {
      profileId: PROFILE,
      sender: 'Shop',
      phone: '+7 916 200-00-02',
      text: 'Без обработчика',
    })
    const id = (sent.result as OutboxMessage).id
    const done = await waitForValue(
      () => latest(id),
      (m): m is OutboxMessage => m?.state === 'delivered',
      'delivered by a status poll after the silence',
      60_000,
    )
    expect(done?.state).toBe('delivered')
    // A reply the polls fetched, posted by SMSC too when its handler works again: kept once.
    const id2 = sim.injectInbound({
      phone: '79167650000',
      message: 'Опрошено',
      toPhone: '79001234501',
    })
    await waitFor(() => received('Опрошено') === 1, 'the reply fetched by a poll')
    expect(
      await postAs(secret, 'inbound', {
        id: String(id2),
        phone: '79167650000',
        mes: 'Опрошено',
        to: '79001234501',
      }),
    ).toBe(200)
    await admin.call('app.info')
    expect(received('Опрошено')).toBe(1)
  })
})

/** A post's own fields (without its control value), to post again. */
function fieldsOf(params: Record<string, string> | undefined): Record<string, string> {
  const { md5: _md5, ...rest } = params ?? {}
  return rest
}

/** A post to the handler with exactly these fields (a forgery, or none signed at all). */
function postCustom(url: string, ca: string, fields: Record<string, string>): Promise<number> {
  return new Promise((done, fail) => {
    const body = JSON.stringify(fields)
    const req = request(
      url,
      { method: 'POST', ca, headers: { 'Content-Type': 'application/json' } },
      (res) => {
        res.resume()
        res.on('end', () => done(res.statusCode ?? 0))
      },
    )
    req.on('error', fail)
    req.end(body)
  })
}
