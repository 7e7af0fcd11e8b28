// Main's refusals through the whole core carry a phrase id and its values, and the phrase reads
// right in Russian; the WebSocket adapter passes the phrase on as it is. A provider that cannot be
// reached is reported by a phrase too, as a refusal and as a connection test's summary.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startWebServer, type WebServer } from '../../src/main/core/adapters/ws'
import type { Core } from '../../src/main/core/types'
import type { ApiErrorBody, CallResponse, Reply } from '../../src/shared/contract'
import { phraseText } from '../../src/shared/phrases'
import { startTestCore, testCore, type TestCore } from '../helpers/test-core'
import { memoryVault } from '../helpers/vault'

const t = testCore({ sandbox: { smpp: { receiptDelayMs: 20 } } })
const { call } = t

async function refusal(c: Core, name: string, request: unknown): Promise<ApiErrorBody> {
  const reply = await c.handle(name, request)
  if (reply.ok) throw new Error(`${name} was expected to be refused`)
  return reply.error
}

/** The refusal's phrase reads as main's English message, and in Russian as given. */
function reads(error: ApiErrorBody, russian: string | RegExp): void {
  expect(phraseText(error.phrase, 'en')).toBe(error.message)
  const ru = phraseText(error.phrase, 'ru')
  if (typeof russian === 'string') expect(ru).toBe(russian)
  else expect(ru).toMatch(russian)
}

async function until<T>(get: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 30_000
  for (;;) {
    const v = await get()
    if (ok(v)) return v
    if (Date.now() > deadline) throw new Error(`timed out: ${what}: ${JSON.stringify(v)}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

describe('main’s refusals carry their phrase', () => {
  it('pausing a batch that has finished', async () => {
    const analysis = await call('import.paste', {
      text: 'phone;name\n992901000001;Ann\n992901000002;Bob\n',
    })
    const started = await call('import.start', {
      uploadId: analysis.uploadId,
      profileId: 'sandbox',
      sender: 'Shop',
      phoneColumn: 0,
      template: 'Hello #name#',
    })
    const done = await until(
      () => call('batch.get', { batchId: started.id }),
      (b) => b.state === 'done',
      'batch done',
    )
    const error = await refusal(t.core, 'batch.pause', { batchId: done.id })
    expect(error.code).toBe('CONFLICT')
    expect(error.message).toBe(`Batch ${done.id} is done: only a running batch can pause`)
    expect(error.phrase).toEqual({
      id: 'batch.notRunning',
      params: { id: done.id, state: 'done' },
    })
    reads(error, `Рассылка ${done.id} завершена: приостановить можно только идущую рассылку`)

    const resume = await refusal(t.core, 'batch.resume', { batchId: done.id })
    expect(resume.phrase?.id).toBe('batch.notPaused')
    reads(
      resume,
      `Рассылка ${done.id} завершена: продолжить можно только приостановленную рассылку`,
    )
  })

  it('a batch that does not exist', async () => {
    const error = await refusal(t.core, 'batch.get', { batchId: 987654 })
    expect(error.code).toBe('NOT_FOUND')
    expect(error.phrase).toEqual({ id: 'batch.notFound', params: { id: 987654 } })
    reads(error, 'Рассылки 987654 нет')
  })

  it('removing a sandbox profile', async () => {
    const error = await refusal(t.core, 'profiles.remove', { profileId: 'sandbox-osonsms' })
    expect(error.code).toBe('CONFLICT')
    expect(error.phrase).toEqual({
      id: 'profile.sandboxNotRemovable',
      params: { name: 'Sandbox · OsonSMS' },
    })
    reads(
      error,
      '«Sandbox · OsonSMS» — профиль песочницы: он входит в консоль, и удалить его нельзя',
    )
    expect((await call('profiles.list', {})).map((p) => p.id)).toContain('sandbox-osonsms')
  })

  it('an HLR lookup through a profile without HLR', async () => {
    const error = await refusal(t.core, 'hlr.lookup', {
      profileId: 'sandbox-osonsms',
      phones: ['992901234567'],
    })
    expect(error.code).toBe('UNAVAILABLE')
    expect(error.phrase).toEqual({ id: 'hlr.unsupported', params: { name: 'Sandbox · OsonSMS' } })
    reads(error, 'Профиль «Sandbox · OsonSMS» не выполняет HLR-запросы')
  })

  it('a profile that does not exist, a phone number too short, an unknown call', async () => {
    const missing = await refusal(t.core, 'profiles.balance', { profileId: 'nowhere' })
    expect(missing.phrase).toEqual({ id: 'profile.notFound', params: { id: 'nowhere' } })
    reads(missing, 'Профиля провайдера «nowhere» нет')

    const short = await refusal(t.core, 'messages.send', {
      profileId: 'sandbox',
      sender: 'Shop',
      phone: '12345',
      text: 'Hi',
    })
    expect(short.code).toBe('BAD_REQUEST')
    expect(short.phrase?.id).toBe('phone.tooShort')
    reads(short, /^Номер 12345 слишком короткий: укажите его в международном формате/)

    const unknown = await refusal(t.core, 'batch.explode', {})
    expect(unknown.code).toBe('UNKNOWN_CALL')
    reads(unknown, 'Неизвестный вызов "batch.explode"')
  })

  it('a delivered message: nothing to cancel, resolve or check', async () => {
    const sent = await call('messages.send', {
      profileId: 'sandbox',
      sender: 'Shop',
      phone: '992901000111',
      text: 'Your order is ready',
    })
    await until(
      async () => (await call('messages.recent', {})).find((m) => m.id === sent.id),
      (m) => m?.state === 'delivered',
      'delivered',
    )
    const cancel = await refusal(t.core, 'messages.cancel', { id: sent.id })
    expect(cancel.phrase).toEqual({
      id: 'message.notCancellable',
      params: { id: sent.id, state: 'delivered' },
    })
    reads(
      cancel,
      `Отменить можно только сообщение в очереди или запланированное; сообщение ${sent.id} доставлено`,
    )
    const resolve = await refusal(t.core, 'messages.resolveUncertain', {
      id: sent.id,
      action: 'resend',
    })
    expect(resolve.phrase?.id).toBe('message.notUncertain')
    reads(resolve, /сообщение \d+ доставлено$/)
    const check = await refusal(t.core, 'reports.checkStatus', { id: sent.id })
    expect(check.phrase?.id).toBe('check.noStatus')
    reads(check, `Сообщение ${sent.id} доставлено: проверять нечего`)
  })
})

describe('over the WebSocket adapter', () => {
  let web: WebServer

  let staticDir: string

  beforeAll(async () => {
    staticDir = mkdtempSync(join(tmpdir(), 'phrases-renderer-'))
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>')
    web = await startWebServer({ core: t.core, staticDir })
  })

  afterAll(async () => {
    await web?.close()
    rmSync(staticDir, { recursive: true, force: true })
  })

  it('a refusal arrives with its phrase as main made it', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${web.port}/api?token=${web.token}`, {
      headers: { Origin: `http://127.0.0.1:${web.port}` },
    })
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('error', reject)
    })
    const reply = new Promise<{ id: number; reply: Reply<unknown> }>((resolve) =>
      ws.once('message', (data) => resolve(JSON.parse(String(data)))),
    )
    ws.send(JSON.stringify({ id: 7, call: 'profiles.remove', request: { profileId: 'sandbox' } }))
    const got = await reply
    ws.close()
    expect(got.id).toBe(7)
    expect(got.reply).toEqual(await t.core.handle('profiles.remove', { profileId: 'sandbox' }))
    expect(got.reply.ok ? null : got.reply.error.phrase).toEqual({
      id: 'profile.sandboxNotRemovable',
      params: { name: 'Sandbox (local SMSC simulator)' },
    })
  })
})

describe('a provider that cannot be reached', () => {
  let other: TestCore
  let closed: Server
  let port: number
  const vault = memoryVault()

  beforeAll(async () => {
    other = await startTestCore({ vault })
    // A port that was just free: nothing listens there, so the connection is refused. Taken
    // once the core is up, so none of its own simulators can be given it meanwhile.
    closed = createServer()
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()))
    port = (closed.address() as { port: number }).port
    await new Promise<void>((r) => closed.close(() => r()))
    const reply = await other.core.handle('profiles.save', {
      kind: 'osonsms',
      id: 'khujand',
      name: 'Khujand desk',
      senders: ['Shop'],
      baseUrl: `http://127.0.0.1:${port}/`,
      login: 'khujand',
      timeoutMs: 2000,
    })
    expect(reply.ok).toBe(true)
    expect(
      (await other.core.handle('credentials.set', { profileId: 'khujand', password: 'salt-1234' }))
        .ok,
    ).toBe(true)
  })

  afterAll(async () => {
    await other?.close()
  })

  it('is refused with the provider’s failure as a phrase', async () => {
    const error = await refusal(other.core, 'profiles.balance', { profileId: 'khujand' })
    expect(error.code).toBe('UNAVAILABLE')
    // Why, as a phrase of its own: nothing answers at that port.
    expect(error.phrase).toMatchObject({
      id: 'provider.httpCause',
      params: { provider: 'OsonSMS', call: 'balance', failure: 'unreachable' },
      cause: { id: 'net.refused', params: { host: `127.0.0.1:${port}`, code: 'ECONNREFUSED' } },
    })
    reads(
      error,
      new RegExp(
        `^OsonSMS balance: не удалось связаться с провайдером — по адресу 127\\.0\\.0\\.1:${port} никто не отвечает`,
      ),
    )
  })

  it('"Test connection" says so in a phrase, with no secret in it', async () => {
    const reply = await other.core.handle('profiles.test', { profileId: 'khujand' })
    if (!reply.ok) throw new Error(reply.error.message)
    const result = reply.result as CallResponse<'profiles.test'>
    expect(result.ok).toBe(false)
    expect(result.phrase?.id).toBe('provider.httpCause')
    expect(phraseText(result.phrase, 'en')).toBe(result.summary)
    expect(phraseText(result.phrase, 'ru')).toMatch(
      /^OsonSMS balance: не удалось связаться с провайдером/,
    )
    expect(JSON.stringify(result)).not.toContain('salt-1234')
  })
})
