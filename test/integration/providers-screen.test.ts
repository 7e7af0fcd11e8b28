// The Providers screen's calls through the whole core (createCore → handle), with the secrets in a
// real Secret Service (scripts/with-secret-service.mjs; npm run test:integration does that).
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OsonSmsSimulator } from '../../src/main/core/providers/osonsms/sim'
import { SandboxSmsc } from '../../src/main/core/providers/smpp/sim'
import { createKeychainVault } from '../../src/main/core/vault/vault'
import type {
  CallName,
  CallRequest,
  CallResponse,
  ProfileInput,
  Reply,
} from '../../src/shared/contract'
import { phraseText } from '../../src/shared/phrases'
import { withSecretService } from '../helpers/secret-service'
import { testCore } from '../helpers/test-core'

const LOGIN = 'shop-desk'
const SALT = `salt-${randomBytes(8).toString('hex')}`
const SMPP_PASSWORD = `pw${randomBytes(3).toString('hex')}`

let oson: OsonSmsSimulator
let smsc: SandboxSmsc
let closedPort: number
const vault = createKeychainVault(`sms-operator-console-test-${randomBytes(4).toString('hex')}`)
const t = testCore({ vault, smpp: { reconnectInitialMs: 50, reconnectMaxMs: 200 } })
const { call } = t

async function reply<K extends CallName>(
  name: K,
  request: CallRequest<K>,
): Promise<Reply<CallResponse<K>>> {
  return (await t.core.handle(name, request)) as Reply<CallResponse<K>>
}

async function refusal<K extends CallName>(name: K, request: CallRequest<K>) {
  const r = await reply(name, request)
  if (r.ok) throw new Error(`${name} was expected to be refused`)
  return r.error
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

withSecretService('Providers screen through the core', () => {
  beforeAll(async () => {
    oson = new OsonSmsSimulator({ accounts: { [LOGIN]: SALT }, balance: 250.5 })
    await oson.start()
    smsc = new SandboxSmsc({ systemId: 'agent7', password: SMPP_PASSWORD })
    await smsc.start()
    closedPort = await freePort()
  })

  afterAll(async () => {
    await oson?.stop()
    await smsc?.stop()
    for (const id of ['oson-desk', 'smpp-desk', 'smsc-desk', 'getsms-desk', 'cascade-desk']) {
      await vault.delete(id).catch(() => false)
    }
  })

  type Kind<K extends ProfileInput['kind']> = Extract<ProfileInput, { kind: K }>
  const OSON: Kind<'osonsms'> = {
    kind: 'osonsms',
    id: 'oson-desk',
    name: 'OsonSMS desk',
    senders: ['Shop'],
    baseUrl: 'http://127.0.0.1:1/',
    login: LOGIN,
    timeoutMs: 3000,
    concurrency: 2,
    requestsPerSecond: 5,
    defaultSender: 'Shop',
    currency: 'TJS',
  }
  const SMPP: Kind<'smpp'> = {
    kind: 'smpp',
    id: 'smpp-desk',
    name: 'SMPP desk',
    senders: ['InfoDesk'],
    hosts: [
      { host: '127.0.0.1', port: 2775 },
      { host: 'smpp2.example.com', port: 3700 },
    ],
    tls: false,
    systemId: 'agent7',
    systemType: ['MCON2', 'SINGLE'],
    window: 50,
    ratePerSecond: 20,
    longMessageMode: 'payload',
  }
  const SMSC: Kind<'smsc-http'> = {
    kind: 'smsc-http',
    id: 'smsc-desk',
    name: 'SMSC desk',
    senders: ['SMSC'],
    baseUrl: 'https://smsc.kz/',
    backupUrl: 'https://www2.smsc.kz/',
    login: 'desk',
    auth: 'apikey',
    translit: true,
    validityMinutes: 60,
  }
  const GETSMS: Kind<'getsms'> = {
    kind: 'getsms',
    id: 'getsms-desk',
    name: 'GETSMS desk',
    senders: ['Shop'],
    baseUrl: 'http://10.0.0.5:8080/',
    login: 'desk',
    nickname: 'Shop',
    shortNumber: '7781',
  }
  const SMSGATE: Kind<'smsgate'> = {
    kind: 'smsgate',
    id: 'cascade-desk',
    name: 'Cascade desk',
    senders: ['Shop'],
    baseUrl: 'https://api.example.com/',
    login: 'desk',
    interface: 'xml',
    auth: 'token',
    channelSenders: { viber: 'ShopViber', sms: 'Shop' },
    mailingName: 'Desk',
    batchSize: 20,
  }
  // What the store fills in when the form leaves it out.
  const DEFAULTED: Record<ProfileInput['kind'], string[]> = {
    smpp: [],
    osonsms: ['backupUrl'],
    'smsc-http': ['timeoutMs', 'concurrency'],
    getsms: ['backupUrl', 'timeoutMs', 'concurrency'],
    smsgate: ['backupUrl', 'timeoutMs', 'concurrency'],
  }
  const KINDS: ProfileInput[] = [OSON, SMPP, SMSC, GETSMS, SMSGATE]

  describe('add, edit and remove each kind', () => {
    for (const input of KINDS) {
      it(`${input.kind}: saved settings come back for the form, never the secret`, async () => {
        const secret = `Top-${randomBytes(6).toString('hex')}`
        // Every window hears of each change with the whole list (profiles.changed).
        const from = t.pushed('profiles.changed').length
        const pushed = () => t.pushed('profiles.changed').slice(from)
        const lastPushed = (id: string) =>
          pushed()
            .at(-1)
            ?.find((p) => p.id === id)
        const saved = await call('profiles.save', input)
        expect(lastPushed(input.id as string)).toMatchObject({ hasPassword: false })
        expect(saved).toMatchObject({ id: input.id, kind: input.kind, hasPassword: false })
        await call('credentials.set', { profileId: input.id as string, password: secret })
        expect(await vault.get(input.id as string)).toBe(secret)
        expect(lastPushed(input.id as string)).toMatchObject({ hasPassword: true })

        const got = await call('profiles.get', { profileId: input.id as string })
        expect(got.sandbox).toBe(false)
        expect(got.hasPassword).toBe(true)
        expect(got.input).toMatchObject({ fallbackProfileId: null, ...input })
        // Only the schema's own fields: the form can send them straight back.
        expect(Object.keys(got.input).sort()).toEqual(
          [
            ...new Set([...Object.keys(input), 'fallbackProfileId', ...DEFAULTED[input.kind]]),
          ].sort(),
        )
        expect(JSON.stringify(got)).not.toContain(secret)
        const listed = await call('profiles.list', {})
        expect(JSON.stringify(listed)).not.toContain(secret)

        // Edit: a new name and sender, the same id; the password stays in the keychain.
        await call('profiles.save', {
          ...got.input,
          name: `${input.name} (edited)`,
          senders: ['X'],
        })
        const edited = await call('profiles.get', { profileId: input.id as string })
        expect(edited.input).toMatchObject({ name: `${input.name} (edited)`, senders: ['X'] })
        expect(edited.hasPassword).toBe(true)
        expect(lastPushed(input.id as string)?.name).toBe(`${input.name} (edited)`)

        expect(await call('profiles.remove', { profileId: input.id as string })).toEqual({
          removed: true,
          cancelled: 0,
        })
        expect((await call('profiles.list', {})).map((p) => p.id)).not.toContain(input.id)
        // One push for each change: saved, password set, edited, removed.
        expect(pushed()).toHaveLength(4)
        expect(
          pushed()
            .at(-1)
            ?.map((p) => p.id),
        ).toEqual((await call('profiles.list', {})).map((p) => p.id))
        expect(JSON.stringify(pushed())).not.toContain(secret)
        expect(await vault.get(input.id as string)).toBeNull()
        const gone = await refusal('profiles.get', { profileId: input.id as string })
        expect(gone.code).toBe('NOT_FOUND')
      })
    }
  })

  describe('refusals', () => {
    it('a sandbox profile cannot be removed', async () => {
      const err = await refusal('profiles.remove', { profileId: 'sandbox-osonsms' })
      expect(err.code).toBe('CONFLICT')
      expect(err.message).toMatch(/sandbox profile/)
      expect((await call('profiles.list', {})).map((p) => p.id)).toContain('sandbox-osonsms')
    })

    it('a profile used as a fallback cannot be removed until the other one changes', async () => {
      await call('profiles.save', { ...GETSMS, id: 'backup-route', name: 'Backup route' })
      await call('profiles.save', { ...SMSC, fallbackProfileId: 'backup-route' })
      const err = await refusal('profiles.remove', { profileId: 'backup-route' })
      expect(err.code).toBe('CONFLICT')
      expect(err.message).toContain('fallback of SMSC desk')
      await call('profiles.save', { ...SMSC, fallbackProfileId: null })
      await call('profiles.remove', { profileId: 'backup-route' })
      await call('profiles.remove', { profileId: 'smsc-desk' })
    })

    it('a bad base URL is refused naming the field', async () => {
      const err = await refusal('profiles.save', { ...OSON, baseUrl: 'ftp://example.com/' })
      expect(err.code).toBe('BAD_REQUEST')
      expect(err.message).toContain('baseUrl: base URL must be an http(s) address')
      expect((await call('profiles.list', {})).map((p) => p.id)).not.toContain('oson-desk')
    })

    it('unsent messages hold a removal back; cancelling them keeps them in the history', async () => {
      // No password: the profile stays offline, so the message waits in the outbox.
      await call('profiles.save', OSON)
      const m = await call('messages.send', {
        profileId: 'oson-desk',
        sender: 'Shop',
        phone: '992935550123',
        text: 'Your order is ready',
      })
      const err = await refusal('profiles.remove', { profileId: 'oson-desk' })
      expect(err.code).toBe('CONFLICT')
      expect(err.message).toContain('1 message(s) waiting')
      expect(await call('profiles.remove', { profileId: 'oson-desk', cancelUnsent: true })).toEqual(
        { removed: true, cancelled: 1 },
      )
      const kept = (await call('messages.recent', {})).find((x) => x.id === m.id)
      expect(kept).toMatchObject({ state: 'cancelled', profileId: 'oson-desk' })
      expect(kept?.error).toContain('removed')
      expect((await call('profiles.list', {})).map((p) => p.id)).not.toContain('oson-desk')
      // The same id can be used again for a new profile.
      await call('profiles.save', OSON)
      expect((await call('profiles.get', { profileId: 'oson-desk' })).hasPassword).toBe(false)
      await call('profiles.remove', { profileId: 'oson-desk' })
    })
  })

  describe('test connection', () => {
    it('every sandbox profile answers; the HTTP ones with a balance tell it', async () => {
      for (const id of ['sandbox-osonsms', 'sandbox-smsc']) {
        const r = await call('profiles.test', { profileId: id })
        expect(r.ok, r.summary).toBe(true)
        expect(r.balance?.amount).toEqual(expect.any(Number))
        expect(r.summary).toMatch(/balance/)
      }
      for (const id of ['sandbox-getsms', 'sandbox-smsgate']) {
        const r = await call('profiles.test', { profileId: id })
        expect(r, id).toMatchObject({ ok: true, summary: expect.stringMatching(/login works/) })
      }
      const smpp = await call('profiles.test', { profileId: 'sandbox' })
      expect(smpp).toMatchObject({
        ok: true,
        summary: expect.stringMatching(/^Bound to 127\.0\.0\.1/),
      })
    })

    it('an OsonSMS account: no password, then its balance, then a wrong salt', async () => {
      await call('profiles.save', { ...OSON, baseUrl: `${oson.url}/` })
      expect(await call('profiles.test', { profileId: 'oson-desk' })).toMatchObject({
        ok: false,
        summary: expect.stringMatching(/No password/),
      })
      await call('credentials.set', { profileId: 'oson-desk', password: SALT })
      expect(await call('profiles.test', { profileId: 'oson-desk' })).toMatchObject({
        ok: true,
        balance: { amount: 250.5, currency: 'TJS' },
        summary: expect.stringContaining('250.50 TJS'),
      })
      const wrong = `Wrong-${randomBytes(6).toString('hex')}`
      await call('credentials.set', { profileId: 'oson-desk', password: wrong })
      const r = await call('profiles.test', { profileId: 'oson-desk' })
      expect(r.ok).toBe(false)
      expect(r.summary.length).toBeGreaterThan(10)
      expect(r.summary).not.toContain(wrong)
      await call('profiles.remove', { profileId: 'oson-desk' })
    })

    it('an unreachable endpoint says it could not be reached, and the profile is not ready', async () => {
      await call('profiles.save', { ...OSON, baseUrl: `http://127.0.0.1:${closedPort}/` })
      await call('credentials.set', { profileId: 'oson-desk', password: SALT })
      const state = async () =>
        (await call('sessions.list', {})).find((s) => s.profileId === 'oson-desk')
      // Nothing asked yet: an HTTP profile is ready until a request fails.
      expect((await state())?.status).toBe('ready')
      const r = await call('profiles.test', { profileId: 'oson-desk' })
      expect(r).toMatchObject({ ok: false, summary: expect.stringMatching(/could not be reached/) })
      expect(r.summary).toContain(`nothing answers at 127.0.0.1:${closedPort}`)
      expect(phraseText(r.phrase, 'ru')).toContain(
        `по адресу 127.0.0.1:${closedPort} никто не отвечает`,
      )
      expect(r.summary).not.toContain(SALT)
      // The failed test is what the connection's state says now, not a green "ready".
      const after = await state()
      expect(after).toMatchObject({
        status: 'reconnecting',
        detail: expect.stringMatching(/could not be reached/),
        retryAt: expect.any(Number),
      })
      expect(after?.detail).not.toContain(SALT)
      // A balance asked for the header fails the same way, and says so too.
      await call('profiles.resume', { profileId: 'oson-desk' })
      expect((await state())?.status).toBe('ready')
      expect((await refusal('profiles.balance', { profileId: 'oson-desk' })).code).toBe(
        'UNAVAILABLE',
      )
      expect((await state())?.status).toBe('reconnecting')
      await call('profiles.remove', { profileId: 'oson-desk' })
    })

    it('SMPP: binds with the right password, says why not otherwise', async () => {
      const smpp = SMPP
      await call('profiles.save', { ...smpp, hosts: [{ host: '127.0.0.1', port: smsc.port }] })
      await call('credentials.set', { profileId: 'smpp-desk', password: SMPP_PASSWORD })
      expect(await call('profiles.test', { profileId: 'smpp-desk' })).toMatchObject({
        ok: true,
        summary: `Bound to 127.0.0.1:${smsc.port}.`,
      })
      await call('credentials.set', { profileId: 'smpp-desk', password: 'wrongpw' })
      const refused = await call('profiles.test', { profileId: 'smpp-desk' })
      expect(refused.ok).toBe(false)
      expect(refused.summary).toMatch(/^Could not bind/)
      expect(refused.summary).not.toContain('wrongpw')

      await call('profiles.save', { ...smpp, hosts: [{ host: '127.0.0.1', port: closedPort }] })
      await call('credentials.set', { profileId: 'smpp-desk', password: SMPP_PASSWORD })
      const down = await call('profiles.test', { profileId: 'smpp-desk' })
      const closed = `127.0.0.1:${closedPort}`
      // Said for people, not as the socket's code, in the agent's language.
      expect(down).toMatchObject({
        ok: false,
        summary: `Could not connect to ${closed}: nothing answers at ${closed}: no service listens on that port, or a firewall refuses it (ECONNREFUSED)`,
      })
      expect(phraseText(down.phrase, 'ru')).toBe(
        `Не удалось подключиться к ${closed}: по адресу ${closed} никто не отвечает: на этом порту нет службы, или её закрывает межсетевой экран (ECONNREFUSED)`,
      )

      // An HTTP port given as the SMSC's: said as such.
      await call('profiles.save', {
        ...smpp,
        hosts: [{ host: '127.0.0.1', port: Number(new URL(oson.url).port) }],
      })
      const http = await call('profiles.test', { profileId: 'smpp-desk' })
      expect(http.ok).toBe(false)
      expect(http.summary).toContain(`does not speak SMPP: that port speaks HTTP`)
      expect(phraseText(http.phrase, 'ru')).toContain('этот порт отвечает по HTTP')
      await call('profiles.remove', { profileId: 'smpp-desk' })
    })

    it('settings not saved yet: tested with the typed password, nothing stored, nothing running touched', async () => {
      const { id: _id, ...fresh } = { ...OSON, baseUrl: `${oson.url}/` }
      const before = await call('profiles.list', {})
      // A new profile, before any save: without a password it says to type one.
      expect(await call('profiles.test', { draft: fresh })).toMatchObject({
        ok: false,
        summary: 'Enter the password (or API key) to test these settings.',
      })
      expect(await call('profiles.test', { draft: fresh, password: SALT })).toMatchObject({
        ok: true,
        balance: { amount: 250.5, currency: 'TJS' },
      })
      const wrong = `Wrong-${randomBytes(6).toString('hex')}`
      const refused = await call('profiles.test', { draft: fresh, password: wrong })
      expect(refused.ok).toBe(false)
      expect(refused.summary).not.toContain(wrong)
      // Nothing was saved.
      expect(await call('profiles.list', {})).toEqual(before)

      // A new SMPP profile binds with the typed password, or says why it cannot.
      const { id: _smppId, ...smpp } = { ...SMPP, hosts: [{ host: '127.0.0.1', port: smsc.port }] }
      expect(await call('profiles.test', { draft: smpp, password: SMPP_PASSWORD })).toMatchObject({
        ok: true,
        summary: `Bound to 127.0.0.1:${smsc.port}.`,
      })
      const down = await call('profiles.test', {
        draft: { ...smpp, hosts: [{ host: '127.0.0.1', port: closedPort }] },
        password: SMPP_PASSWORD,
      })
      expect(down.summary).toMatch(/^Could not connect to 127\.0\.0\.1:\d+: nothing answers/)

      // A saved profile's edit, tested before it is saved: the keychain's password, the new
      // address; the running connection keeps its state and the stored settings stay.
      await call('profiles.save', { ...OSON, baseUrl: `http://127.0.0.1:${closedPort}/` })
      await call('credentials.set', { profileId: 'oson-desk', password: SALT })
      const state = async () =>
        (await call('sessions.list', {})).find((x) => x.profileId === 'oson-desk')
      expect((await state())?.status).toBe('ready')
      const edited = await call('profiles.test', { draft: { ...OSON, baseUrl: `${oson.url}/` } })
      expect(edited).toMatchObject({ ok: true, balance: { amount: 250.5 } })
      const stored = await call('profiles.get', { profileId: 'oson-desk' })
      expect(stored.input).toMatchObject({ baseUrl: `http://127.0.0.1:${closedPort}/` })
      expect((await state())?.status).toBe('ready')
      // An edit that breaks it fails without marking the running connection down.
      const broken = await call('profiles.test', {
        draft: { ...OSON, baseUrl: `http://127.0.0.1:${closedPort}/` },
      })
      expect(broken).toMatchObject({
        ok: false,
        summary: expect.stringMatching(/could not be reached/),
      })
      expect((await state())?.status).toBe('ready')
      await call('profiles.remove', { profileId: 'oson-desk' })

      // A sandbox's settings are not for testing as a draft; a draft is checked like a save.
      expect(
        (await refusal('profiles.test', { draft: { ...OSON, id: 'sandbox-osonsms' } })).code,
      ).toBe('CONFLICT')
      const bad = await refusal('profiles.test', { draft: { ...OSON, baseUrl: 'ftp://x' } })
      expect(bad.code).toBe('BAD_REQUEST')
    })
  })
})
