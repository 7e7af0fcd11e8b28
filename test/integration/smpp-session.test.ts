// SmppSession against the sandbox SMSC over real sockets: both sides use the real `smpp`
// package; timers are shortened through options, and no assertion depends on durations.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import smpp from 'smpp'
import { afterEach, describe, expect, it } from 'vitest'
import type { SessionState } from '../../src/shared/contract'
import { messageIdKeys } from '../../src/main/core/providers/smpp/receipt'
import { SmppSession, type SmppSessionOptions } from '../../src/main/core/providers/smpp/session'
import type {
  DeliveryReceipt,
  InboundSms,
  OutgoingSms,
  Stored,
  SubmitOutcome,
} from '../../src/main/core/providers/types'
import { SandboxSmsc, type SandboxSmscOptions } from '../../src/main/core/providers/smpp/sim'
import { waitFor } from '../helpers/wait'

const PASSWORD = 's3cret-pw'
const cleanups: Array<() => Promise<void> | void> = []

afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

async function startSmsc(opts: Partial<SandboxSmscOptions> = {}): Promise<SandboxSmsc> {
  const smsc = new SandboxSmsc({
    systemId: 'agent',
    password: PASSWORD,
    receiptDelayMs: 5,
    ratePerSecond: 0,
    ...opts,
  })
  await smsc.start()
  cleanups.push(() => smsc.stop())
  return smsc
}

interface Harness {
  session: SmppSession
  states: SessionState[]
  receipts: DeliveryReceipt[]
  inbound: InboundSms[]
  /** While true, receipts and inbound messages are not reported stored: see `unstored`. */
  hold: boolean
  /** Acknowledgements held back, in arrival order. */
  unstored: Stored[]
}

function openSession(smsc: { port: number }, opts: Partial<SmppSessionOptions> = {}): Harness {
  const session = new SmppSession({
    profileId: 'test',
    hosts: [{ host: '127.0.0.1', port: smsc.port }],
    systemId: 'agent',
    password: PASSWORD,
    ratePerSecond: 1000,
    reconnectInitialMs: 20,
    reconnectMaxMs: 100,
    responseTimeoutMs: 2_000,
    bindTimeoutMs: 2_000,
    unbindTimeoutMs: 500,
    ...opts,
  })
  const h: Harness = { session, states: [], receipts: [], inbound: [], hold: false, unstored: [] }
  // Like the dispatcher and the inbox: stored at once, unless a test holds the store back.
  const store = (stored: Stored): void => {
    if (h.hold) h.unstored.push(stored)
    else stored()
  }
  session.on('state', (s) => h.states.push(s))
  session.on('receipt', (r, stored) => {
    h.receipts.push(r)
    store(stored)
  })
  session.on('inbound', (m, stored) => {
    h.inbound.push(m)
    store(stored)
  })
  cleanups.push(() => session.stop())
  return h
}

async function bound(
  smsc: { port: number },
  opts: Partial<SmppSessionOptions> = {},
): Promise<Harness> {
  const h = openSession(smsc, opts)
  h.session.start()
  await waitFor(() => h.session.state().status === 'bound', 'bind')
  return h
}

let seq = 0
function sms(text: string, extra: Partial<OutgoingSms> = {}): OutgoingSms {
  seq++
  return {
    id: seq,
    idempotencyKey: `key-${seq}`,
    numericKey: seq,
    sender: 'Shop',
    phone: '+7 701 555-00-11',
    text,
    wantReceipt: true,
    ...extra,
  }
}

function accepted(o: SubmitOutcome): { providerIds: string[]; parts: number } {
  if (o.kind !== 'accepted') throw new Error(`expected accepted, got ${JSON.stringify(o)}`)
  return o
}

/** A port nobody listens on. */
async function deadPort(): Promise<number> {
  const srv = createServer()
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()))
  const port = (srv.address() as { port: number }).port
  await new Promise<void>((r) => srv.close(() => r()))
  return port
}

describe('bind', () => {
  it('binds as transceiver and reports the host', async () => {
    const smsc = await startSmsc()
    const h = await bound(smsc)
    expect(h.session.state()).toMatchObject({
      profileId: 'test',
      status: 'bound',
      host: `127.0.0.1:${smsc.port}`,
      detail: null,
    })
    expect(h.states.map((s) => s.status)).toEqual(['connecting', 'bound'])
    expect(smsc.boundCount('agent')).toBe(1)
  })

  it('a refused password goes offline with a clear reason that does not hold the password', async () => {
    const smsc = await startSmsc()
    const h = openSession(smsc, { password: 'wrong-password-123' })
    h.session.start()
    await waitFor(() => h.session.state().status === 'offline', 'offline')
    const detail = h.session.state().detail ?? ''
    expect(detail).toContain('ESME_RBINDFAIL')
    expect(detail).not.toContain('wrong-password-123')
    expect(detail).not.toContain(PASSWORD)
    const outcome = await h.session.submit(sms('hello'))
    expect(outcome.kind).toBe('not-sent')
    // it does not hammer the server with the same bad password
    await new Promise((r) => setTimeout(r, 150))
    expect(smsc.stats.bindFailures).toBe(1)
  })

  it('sends system_type built from the profile flags', async () => {
    const smsc = await startSmsc()
    const h = await bound(smsc, { systemType: ['SINGLE', 'MCON2'] })
    const out = accepted(await h.session.submit(sms('x')))
    expect(out.parts).toBe(1)
    expect(smsc.submits[0]?.systemType).toBe('MCON2,SINGLE')
  })
})

describe('submit', () => {
  it('single GSM-7 message goes with data_coding 0 and alphanumeric TON/NPI', async () => {
    const smsc = await startSmsc()
    const h = await bound(smsc)
    const text = 'Your code is 1234 {ok} €5 @home'
    const out = accepted(await h.session.submit(sms(text)))
    expect(out.parts).toBe(1)
    expect(smsc.submits).toHaveLength(1)
    const got = smsc.submits[0]
    expect(got).toMatchObject({
      text,
      dataCoding: 0,
      parts: 1,
      source: 'Shop',
      sourceTon: 5,
      sourceNpi: 0,
      dest: '77015550011',
      registeredDelivery: 1,
    })
    expect(out.providerIds).toEqual([got?.messageId])
  })

  it('numeric senders: short code TON 3, international TON 1 NPI 1 without +', async () => {
    const smsc = await startSmsc()
    const h = await bound(smsc)
    accepted(await h.session.submit(sms('a', { sender: '7575' })))
    accepted(await h.session.submit(sms('b', { sender: '+77010000000' })))
    expect(smsc.submits[0]).toMatchObject({ source: '7575', sourceTon: 3, sourceNpi: 0 })
    expect(smsc.submits[1]).toMatchObject({ source: '77010000000', sourceTon: 1, sourceNpi: 1 })
  })

  it('a sender that cannot be an SMPP address is rejected locally, nothing sent', async () => {
    const smsc = await startSmsc()
    const h = await bound(smsc)
    const out = await h.session.submit(sms('a', { sender: 'Магазин' }))
    expect(out).toMatchObject({ kind: 'rejected', code: 0x0a })
    expect(smsc.partRecords).toHaveLength(0)
  })

  it('Cyrillic goes UCS-2 with data_coding 8', async () => {
    const smsc = await startSmsc()
    const h = await bound(smsc)
    const text = 'Ваш заказ готов 😀'
    accepted(await h.session.submit(sms(text)))
    expect(smsc.submits[0]).toMatchObject({ text, dataCoding: 8, parts: 1 })
  })

  it('ISO system_type sends Latin-1 as data_coding 3', async () => {
    const smsc = await startSmsc()
    const h = await bound(smsc, { systemType: ['ISO'] })
    accepted(await h.session.submit(sms('Café à la crème')))
    expect(smsc.submits[0]).toMatchObject({ text: 'Café à la crème', dataCoding: 3 })
  })

  it('ISO: __HLR__ and __PING__ go as ISO-8859-1 like every other text, so the SMSC acts on them', async () => {
    const smsc = await startSmsc()
    const h = await bound(smsc, { systemType: ['ISO'] })
    const hlr = accepted(await h.session.submit(sms('__HLR__', { phone: '79161234567' })))
    accepted(await h.session.submit(sms('__PING__', { phone: '79161234568' })))
    expect(smsc.partRecords.map((p) => [p.text, p.dataCoding])).toEqual([
      ['__HLR__', 3],
      ['__PING__', 3],
    ])
    // The SMSC saw an HLR request, not an SMS to the subscriber: an HLR receipt comes back.
    await waitFor(() => h.receipts.some((r) => r.hlr !== null), 'HLR receipt')
    expect(h.receipts.find((r) => r.hlr !== null)?.providerId).toBe(hlr.providerIds[0])
  })

  it('without ISO, __HLR__ stays GSM-7 with data_coding 0', async () => {
    const smsc = await startSmsc()
    const h = await bound(smsc)
    accepted(await h.session.submit(sms('__HLR__')))
    expect(smsc.partRecords.map((p) => [p.text, p.dataCoding])).toEqual([['__HLR__', 0]])
  })

  it('long message goes in UDH parts; the SMSC joins them into one message', async () => {
    const smsc = await startSmsc()
    const h = await bound(smsc)
    const text = 'The quick brown fox [jumps] over the lazy dog. '.repeat(8) // 376 chars + ext chars
    const out = accepted(await h.session.submit(sms(text)))
    expect(out.parts).toBe(3)
    expect(smsc.partRecords).toHaveLength(3)
    expect(smsc.partRecords.map((p) => [p.esmClass & 0x40, p.seq, p.total])).toEqual([
      [0x40, 1, 3],
      [0x40, 2, 3],
      [0x40, 3, 3],
    ])
    expect(new Set(smsc.partRecords.map((p) => p.ref)).size).toBe(1)
    expect(smsc.submits).toHaveLength(1)
    expect(smsc.submits[0]).toMatchObject({ text, parts: 3, dataCoding: 0 })
    // SMSC answers every part with the same id: one provider id for the message
    expect(out.providerIds).toEqual([smsc.submits[0]?.messageId])
  })

  it('long UCS-2 message keeps surrogate pairs whole across parts', async () => {
    const smsc = await startSmsc()
    const h = await bound(smsc)
    const text = 'ж'.repeat(66) + '😀' + 'ш'.repeat(80)
    const out = accepted(await h.session.submit(sms(text)))
    expect(out.parts).toBe(3)
    expect(smsc.submits[0]?.text).toBe(text)
    expect(smsc.partRecords[1]?.text.startsWith('😀')).toBe(true)
  })

  it('payload mode sends one submit_sm with message_payload and counts the parts', async () => {
    const smsc = await startSmsc()
    const h = await bound(smsc, { longMessageMode: 'payload' })
    const text = 'p'.repeat(200) + '\n~~~\ninternal note'
    const out = accepted(await h.session.submit(sms(text)))
    expect(out.parts).toBe(2)
    expect(smsc.partRecords).toHaveLength(1)
    expect(smsc.submits[0]).toMatchObject({ text, viaPayload: true, parts: 2 })
  })

  it('the comment suffix rides in the last UDH part and is not counted', async () => {
    const smsc = await startSmsc()
    const h = await bound(smsc)
    const text = 'a'.repeat(160) + '\n~~~\nbatch 42'
    const out = accepted(await h.session.submit(sms(text)))
    expect(out.parts).toBe(1)
    expect(smsc.submits[0]?.text).toBe(text)
  })

  it('SINGLE mode: every part has its own id and its own receipt', async () => {
    const smsc = await startSmsc()
    const h = await bound(smsc, { systemType: ['SINGLE'] })
    const out = accepted(await h.session.submit(sms('s'.repeat(400))))
    expect(out.parts).toBe(3)
    expect(out.providerIds).toHaveLength(3)
    await waitFor(() => h.receipts.length === 3, 'three receipts')
    expect(new Set(h.receipts.map((r) => r.providerId))).toEqual(new Set(out.providerIds))
  })

  it('window: never more unanswered submits than allowed', async () => {
    const smsc = await startSmsc({ submitResponseDelayMs: 20 })
    const h = await bound(smsc, { window: 4 })
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, i) => h.session.submit(sms(`w${i}`))),
    )
    expect(outcomes.every((o) => o.kind === 'accepted')).toBe(true)
    expect(smsc.stats.maxOutstanding).toBeLessThanOrEqual(4)
    expect(h.session.metrics().maxPendingSubmits).toBe(4)
  })

  it('thousands handed over at once are written a few milliseconds of a turn at a time, each once', async () => {
    const smsc = await startSmsc({ receiptDelayMs: 0 })
    const h = await bound(smsc, { window: 1000, ratePerSecond: 1_000_000 })
    // In one synchronous loop, as the dispatcher hands over a claim: every submit drains, and
    // the writes of the whole turn share one budget (each call's own would never run out).
    const pending = Array.from({ length: 5000 }, (_, i) => h.session.submit(sms(`t${i}`)))
    expect(h.session.deferredWriteTurns).toBeGreaterThan(0)
    const outcomes = await Promise.all(pending)
    expect(outcomes.every((o) => o.kind === 'accepted')).toBe(true)
    expect(smsc.submits).toHaveLength(5000)
    expect(new Set(smsc.submits.map((s) => s.text)).size).toBe(5000)
  })

  it('a burst of answers and reports is read a turn of the loop at a time, and none is lost', async () => {
    const smsc = await startSmsc({ receiptDelayMs: 0 })
    const h = await bound(smsc, { window: 1000, ratePerSecond: 100_000 })
    const outcomes = await Promise.all(
      Array.from({ length: 3000 }, (_, i) => h.session.submit(sms(`b${i}`))),
    )
    expect(outcomes.every((o) => o.kind === 'accepted')).toBe(true)
    await waitFor(() => h.receipts.length === 3000, 'every report')
    // Hundreds of PDUs came in one read: the session stopped taking them to let the loop turn.
    expect(h.session.pausedTurns).toBeGreaterThan(0)
    const ids = outcomes.flatMap((o) => accepted(o).providerIds)
    expect(new Set(h.receipts.map((r) => r.providerId))).toEqual(new Set(ids))
    // Each report answered once, and well: the SMSC sends none again.
    await waitFor(() => smsc.stats.deliverSmAnswered === 3000, 'every report answered')
    expect(smsc.stats.deliverSmSent).toBe(3000)
    expect(smsc.stats.deliverSmRefused).toBe(0)
  })

  it('urgent one-offs go ahead of bulk, in the order they were given', async () => {
    const smsc = await startSmsc()
    // One token a second: everything after the first message waits in the session.
    const h = await bound(smsc, { ratePerSecond: 5 })
    const all = [
      h.session.submit(sms('bulk 1')),
      h.session.submit(sms('bulk 2')),
      h.session.submit(sms('bulk 3')),
      h.session.submit(sms('urgent 1', { urgent: true })),
      h.session.submit(sms('urgent 2', { urgent: true })),
      h.session.submit(sms('urgent 3', { urgent: true })),
    ]
    expect((await Promise.all(all)).every((o) => o.kind === 'accepted')).toBe(true)
    expect(smsc.partRecords.map((p) => p.text)).toEqual([
      'bulk 1',
      'urgent 1',
      'urgent 2',
      'urgent 3',
      'bulk 2',
      'bulk 3',
    ])
  })

  it('a lost submit_sm_resp makes the submit unknown, and the session carries on', async () => {
    const smsc = await startSmsc()
    const h = await bound(smsc, { responseTimeoutMs: 150 })
    smsc.dropSubmitResponses = 1
    const lost = await h.session.submit(sms('lost'))
    expect(lost.kind).toBe('unknown')
    expect(smsc.submits.map((s) => s.text)).toEqual(['lost'])
    accepted(await h.session.submit(sms('next')))
    expect(h.session.state().status).toBe('bound')
  })

  it('a lost answer to a later part of a long message is unknown too', async () => {
    const smsc = await startSmsc()
    const h = await bound(smsc, { responseTimeoutMs: 150 })
    smsc.dropResponseFor = (part) => part.seq === 2
    const partial = await h.session.submit(sms('M'.repeat(300)))
    expect(partial.kind).toBe('unknown')
    expect(partial.kind === 'unknown' && partial.reason).toContain('part 2/2')
    expect(smsc.submits.map((s) => s.parts)).toEqual([2])
  })

  it('a submit while not bound is not-sent at once', async () => {
    const smsc = await startSmsc()
    const h = openSession(smsc)
    expect((await h.session.submit(sms('early'))).kind).toBe('not-sent')
    expect(smsc.partRecords).toHaveLength(0)
  })
})

describe('receipts', () => {
  it('a delivery receipt is emitted with the provider id of the submit', async () => {
    const smsc = await startSmsc({
      outcome: (m) =>
        m.dest.endsWith('0') ? { stat: 'UNDELIV', err: '011' } : { stat: 'DELIVRD' },
    })
    const h = await bound(smsc)
    const ok = accepted(await h.session.submit(sms('good', { phone: '+77015550011' })))
    const bad = accepted(await h.session.submit(sms('bad', { phone: '+77015550010' })))
    await waitFor(() => h.receipts.length === 2, 'two receipts')
    const byId = new Map(h.receipts.map((r) => [r.providerId, r]))
    expect(byId.get(ok.providerIds[0] ?? '')).toMatchObject({
      outcome: 'delivered',
      stat: 'DELIVRD',
    })
    expect(byId.get(bad.providerIds[0] ?? '')).toMatchObject({
      outcome: 'failed',
      stat: 'UNDELIV',
      err: '011',
    })
    expect(h.receipts[0]?.raw).toMatch(/^id:\d+ sub:001 .*stat:\w+ .*\| receipted_message_id=/)
    await waitFor(() => smsc.stats.deliverSmAnswered === 2, 'deliver_sm_resp for each receipt')
    expect(h.session.metrics().unparsedDeliverSm).toBe(0)
  })

  it('no receipt is asked for when wantReceipt is false', async () => {
    const smsc = await startSmsc()
    const h = await bound(smsc)
    accepted(await h.session.submit(sms('quiet', { wantReceipt: false })))
    expect(smsc.submits[0]?.registeredDelivery).toBe(0)
    await new Promise((r) => setTimeout(r, 50))
    expect(h.receipts).toHaveLength(0)
  })

  it('hex ids in submit_sm_resp and decimal in receipts still match through messageIdKeys', async () => {
    const smsc = await startSmsc({ idStyle: 'hex' })
    const h = await bound(smsc)
    const out = accepted(await h.session.submit(sms('hex')))
    await waitFor(() => h.receipts.length === 1, 'receipt')
    const rid = h.receipts[0]?.providerId ?? ''
    expect(rid).not.toBe(out.providerIds[0])
    expect(messageIdKeys(out.providerIds[0] ?? '')).toContain(rid)
  })

  it('a receipt that arrives before submit_sm_resp is still emitted with the same id', async () => {
    const smsc = await startSmsc()
    smsc.receiptBeforeResp = true
    const h = await bound(smsc)
    const out = accepted(await h.session.submit(sms('fast')))
    await waitFor(() => h.receipts.length === 1, 'receipt')
    expect(h.receipts[0]?.providerId).toBe(out.providerIds[0])
  })

  it('HLR request returns an HLR receipt with decoded fields', async () => {
    const smsc = await startSmsc()
    const h = await bound(smsc)
    const out = accepted(await h.session.submit(sms('__HLR__', { phone: '79161234567' })))
    expect(out.parts).toBe(1)
    expect(smsc.submits[0]?.text).toBe('__HLR__')
    await waitFor(() => h.receipts.length === 1, 'HLR receipt')
    expect(h.receipts[0]).toMatchObject({
      providerId: out.providerIds[0],
      outcome: 'delivered',
      hlr: { mcc: '250', mnc: '01', cn: 'Russian Federation', net: 'MTS', rcn: '', rnet: '' },
    })
    expect(h.receipts[0]?.raw).toContain('cn:Russian+Federation')
  })
})

describe('inbound', () => {
  it('emits a single inbound message', async () => {
    const smsc = await startSmsc()
    const h = await bound(smsc)
    expect(await smsc.injectInbound({ from: '77011112233', to: '7575', text: 'STOP' })).toBe(1)
    await waitFor(() => h.inbound.length === 1, 'inbound')
    expect(h.inbound[0]).toMatchObject({ from: '77011112233', to: '7575', text: 'STOP' })
  })

  it.each(['udh8', 'udh16', 'sar'] as const)(
    'reassembles concatenated parts (%s)',
    async (concat) => {
      const smsc = await startSmsc()
      const h = await bound(smsc)
      const text = 'Здравствуйте! '.repeat(12) + '[end]'
      const parts = await smsc.injectInbound({ from: '77011112233', to: '7575', text, concat })
      expect(parts).toBe(3)
      await waitFor(() => h.inbound.length === 1, 'inbound')
      expect(h.inbound[0]?.text).toBe(text)
      expect(h.session.metrics().deliverSmAnswered).toBe(3)
    },
  )

  it('reassembles a long GSM-7 message with extension chars', async () => {
    const smsc = await startSmsc()
    const h = await bound(smsc)
    const text = 'Price {EUR} 10€ '.repeat(20)
    await smsc.injectInbound({ from: '77011112233', to: '7575', text })
    await waitFor(() => h.inbound.length === 1, 'inbound')
    expect(h.inbound[0]?.text).toBe(text)
  })
})

describe('odd deliver_sm', () => {
  it('answers an unparsable receipt and emits nothing for it', async () => {
    const smsc = await startSmsc()
    const h = await bound(smsc)
    const acked = await smsc.sendDeliverSm({
      source_addr: '1',
      destination_addr: '2',
      esm_class: 0x04,
      data_coding: 0,
      short_message: Buffer.from('garbage without an id'),
    })
    expect(acked).toBe(true)
    expect(h.receipts).toHaveLength(0)
    expect(h.session.metrics().unparsedDeliverSm).toBe(1)
  })

  it('decodes by the full data_coding: IA5 (1) is ASCII, not GSM-7', async () => {
    const smsc = await startSmsc()
    const h = await bound(smsc)
    await smsc.sendDeliverSm({
      source_addr: '77011112233',
      destination_addr: '7575',
      data_coding: 1,
      short_message: Buffer.from('a_b@c$d', 'ascii'),
    })
    await smsc.sendDeliverSm({
      source_addr: '77011112233',
      destination_addr: '7575',
      data_coding: 0xf4, // 8-bit data, class 0
      short_message: Buffer.from('Ünïcödé', 'latin1'),
    })
    await waitFor(() => h.inbound.length === 2, 'two inbound')
    expect(h.inbound.map((m) => m.text)).toEqual(['a_b@c$d', 'Ünïcödé'])
  })

  it('answers the server unbind, then binds again', async () => {
    const smsc = await startSmsc()
    const h = await bound(smsc)
    expect(await smsc.unbindClients()).toBe(1)
    await waitFor(() => h.states.some((s) => s.status === 'reconnecting'), 'reconnecting')
    expect(h.states.find((s) => s.status === 'reconnecting')?.detail).toContain('unbound')
    await waitFor(() => h.session.state().status === 'bound', 'bound again')
  })
})

describe('framing', () => {
  /**
   * An SMSC of a few lines on a raw socket, PDUs encoded and read by the `smpp` package, that
   * writes everything it sends one octet per write: the session must frame PDUs cut anywhere.
   */
  async function octetSmsc(): Promise<{ port: number; answered: number[] }> {
    const answered: number[] = []
    const drip = async (socket: Socket, bytes: Buffer) => {
      for (const octet of bytes) {
        await new Promise<void>((resolve) => socket.write(Buffer.from([octet]), () => resolve()))
      }
    }
    const server = createServer((socket) => {
      let rx = Buffer.alloc(0)
      let chain = Promise.resolve()
      let n = 0
      socket.on('data', (chunk: Buffer) => {
        rx = Buffer.concat([rx, chunk])
        while (rx.length >= 4 && rx.length >= rx.readUInt32BE(0)) {
          const pdu = new smpp.PDU(rx.subarray(0, rx.readUInt32BE(0)))
          rx = rx.subarray(rx.readUInt32BE(0))
          if (pdu.command === 'deliver_sm_resp') answered.push(pdu.sequence_number)
          if (pdu.command === 'bind_transceiver') {
            const resp = pdu.response({ system_id: 'octets' }).toBuffer()
            chain = chain.then(() => drip(socket, resp))
          }
          if (pdu.command === 'submit_sm') {
            const id = `id-${++n}`
            const resp = pdu.response({ message_id: id }).toBuffer()
            const receipt = new smpp.PDU('deliver_sm', {
              sequence_number: 500 + n,
              esm_class: 0x04,
              source_addr: String(pdu.destination_addr),
              destination_addr: String(pdu.source_addr),
              short_message: Buffer.from(
                `id:${id} sub:001 dlvrd:001 submit date:2601011200 done date:2601011201 stat:DELIVRD err:000 text:x`,
              ),
            }).toBuffer()
            chain = chain.then(() => drip(socket, Buffer.concat([resp, receipt])))
          }
        }
      })
      socket.on('error', () => undefined)
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())))
    return { port: (server.address() as { port: number }).port, answered }
  }

  it('reads answers and reports cut at any octet, and answers each report once', async () => {
    const smsc = await octetSmsc()
    const h = await bound(smsc)
    const out = await Promise.all([h.session.submit(sms('one')), h.session.submit(sms('two'))])
    expect(out.map((o) => accepted(o).providerIds)).toEqual([['id-1'], ['id-2']])
    await waitFor(() => h.receipts.length === 2, 'both reports')
    expect(h.receipts.map((r) => [r.providerId, r.outcome])).toEqual([
      ['id-1', 'delivered'],
      ['id-2', 'delivered'],
    ])
    await waitFor(() => smsc.answered.length === 2, 'both reports answered')
    expect(smsc.answered).toEqual([501, 502])
  })

  it('a port that answers in HTTP is refused by the length it cannot frame', async () => {
    const server = createServer((socket) => {
      socket.on('data', () => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'))
      socket.on('error', () => undefined)
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())))
    const h = openSession({ port: (server.address() as { port: number }).port })
    h.session.start()
    await waitFor(() => h.states.some((s) => /SMPP/.test(s.detail ?? '')), 'the refusal')
    const said = h.states.find((s) => /SMPP/.test(s.detail ?? ''))
    const host = `127.0.0.1:${(server.address() as { port: number }).port}`
    // In words for people ("HTTP" where a PDU's length should be: 1213486160), in both languages.
    expect(said?.detail).toBe(
      `${host} does not speak SMPP: that port speaks HTTP. Check the port, and whether the SMSC wants TLS`,
    )
    expect(said?.detailPhrase).toEqual({ id: 'net.notSmpp', params: { host, speaks: 'HTTP' } })
    expect(h.session.state().status).not.toBe('bound')
  })

  it('a port nothing listens on: nothing answers there, and the reason goes with the next state', async () => {
    const server = createServer(() => {})
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
    const port = (server.address() as { port: number }).port
    await new Promise<void>((r) => server.close(() => r()))
    const h = openSession({ port })
    h.session.start()
    await waitFor(() => h.session.state().status === 'reconnecting', 'a reconnect planned')
    expect(h.session.state()).toMatchObject({
      detail: expect.stringMatching(new RegExp(`^nothing answers at 127\\.0\\.0\\.1:${port}`)),
      detailPhrase: {
        id: 'net.refused',
        params: { host: `127.0.0.1:${port}`, code: 'ECONNREFUSED' },
      },
    })
  })
})

describe('keep-alive and reconnect', () => {
  it('sends enquire_link periodically and gets answers', async () => {
    const smsc = await startSmsc()
    const h = await bound(smsc, { enquireLinkMs: 30 })
    await waitFor(() => h.session.metrics().enquireLinksAnswered >= 3, 'enquire_link answers')
    expect(smsc.stats.enquireLinksReceived).toBeGreaterThanOrEqual(3)
  })

  it("answers the server's enquire_link", async () => {
    const smsc = await startSmsc()
    const h = await bound(smsc)
    expect(await smsc.enquireClients()).toBe(1)
    expect(h.session.metrics().serverEnquireLinksAnswered).toBe(1)
  })

  it('detects a dead link when enquire_link goes unanswered, then reconnects', async () => {
    const smsc = await startSmsc()
    const h = await bound(smsc, { enquireLinkMs: 30, enquireLinkTimeoutMs: 60 })
    smsc.silent = true
    await waitFor(() => h.states.some((s) => s.status === 'reconnecting'), 'reconnecting')
    const drop = h.states.find((s) => s.status === 'reconnecting')
    expect(drop?.detail).toContain('enquire_link')
    expect(drop?.retryAt).toEqual(expect.any(Number))
    smsc.silent = false
    await waitFor(() => h.session.state().status === 'bound', 'bound again')
  })

  it('reconnects after the server drops; submits meanwhile are not-sent', async () => {
    const smsc = await startSmsc()
    const h = await bound(smsc, { reconnectInitialMs: 30 })
    await smsc.stop()
    await waitFor(() => h.session.state().status !== 'bound', 'drop noticed')
    const during = await h.session.submit(sms('during'))
    expect(during.kind).toBe('not-sent')
    expect(h.states.some((s) => s.status === 'reconnecting')).toBe(true)
    await smsc.start()
    await waitFor(() => h.session.state().status === 'bound', 'bound again')
    accepted(await h.session.submit(sms('after')))
    expect(smsc.submits.map((s) => s.text)).toEqual(['after'])
    const statuses = h.states.map((s) => s.status)
    expect(statuses.lastIndexOf('reconnecting')).toBeLessThan(statuses.lastIndexOf('bound'))
  })

  it('submits in flight when the connection drops become unknown', async () => {
    const smsc = await startSmsc({ submitResponseDelayMs: 200 })
    const h = await bound(smsc)
    const p = h.session.submit(sms('in-flight'))
    await waitFor(() => smsc.partRecords.length === 1, 'submit reached the SMSC')
    smsc.close()
    expect((await p).kind).toBe('unknown')
  })

  it('fails over to the backup host', async () => {
    const smsc = await startSmsc()
    const h = await bound(smsc, {
      hosts: [
        { host: '127.0.0.1', port: await deadPort() },
        { host: '127.0.0.1', port: smsc.port },
      ],
    })
    expect(h.session.state().host).toBe(`127.0.0.1:${smsc.port}`)
    accepted(await h.session.submit(sms('via backup')))
  })

  it('graceful stop sends unbind and ends stopped', async () => {
    const smsc = await startSmsc()
    const h = await bound(smsc)
    await h.session.stop()
    expect(smsc.stats.unbindsReceived).toBe(1)
    expect(h.session.state().status).toBe('stopped')
    expect((await h.session.submit(sms('late'))).kind).toBe('not-sent')
  })
})

describe('TLS', () => {
  function makeCert(): { key: string; cert: string; dir: string } {
    const dir = mkdtempSync(join(tmpdir(), 'smpp-tls-'))
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    )
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
      dir,
    }
  }

  it('binds over TLS when the certificate is trusted, refuses when it is not', async () => {
    const { key, cert, dir } = makeCert()
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const smsc = await startSmsc({ tls: { key, cert } })
    const trusted = await bound(smsc, { tls: true, ca: cert })
    accepted(await trusted.session.submit(sms('over tls')))
    expect(smsc.submits[0]?.text).toBe('over tls')

    const untrusted = openSession(smsc, { tls: true })
    untrusted.session.start()
    await waitFor(() => untrusted.session.state().status === 'reconnecting', 'refused cert')
    expect(untrusted.session.state().detail).toMatch(/certificate/i)
  })
})

describe('throttling', () => {
  /** Every rate the session showed, from its state pushes. */
  function rates(h: Harness): number[] {
    return h.states.flatMap((s) => (s.rate ? [s.rate.current] : []))
  }

  it('every Nth submit refused: the rate drops, every part is accepted exactly once, and the rate climbs back once it stops', async () => {
    const smsc = await startSmsc({ throttleEveryNth: 4 })
    const h = await bound(smsc, { ratePerSecond: 400, minRatePerSecond: 50, rateQuietMs: 100 })
    expect(h.session.state().rate).toEqual({ current: 400, configured: 400 })
    const texts = Array.from({ length: 60 }, (_, i) =>
      i % 5 === 0 ? `long ${i} `.padEnd(320, '.') : `t${i}`,
    )
    const outcomes = await Promise.all(texts.map((t) => h.session.submit(sms(t))))
    expect(outcomes.map((o) => o.kind)).toEqual(texts.map(() => 'accepted'))
    expect(smsc.stats.throttled).toBeGreaterThan(0)
    expect(h.session.metrics().throttled).toBe(smsc.stats.throttled)
    // The session slowed down, never below its floor.
    expect(Math.min(...rates(h))).toBeLessThan(400)
    expect(Math.min(...rates(h))).toBeGreaterThanOrEqual(50)
    // Each message arrived once, whole: no part accepted twice, none missing.
    expect(smsc.submits.map((m) => m.text).sort()).toEqual([...texts].sort())
    const parts = smsc.partRecords.map((p) => `${p.ref}/${p.seq}/${p.total}/${p.text}`)
    expect(new Set(parts).size).toBe(parts.length)
    expect(parts).toHaveLength(texts.reduce((n, t) => n + (t.length > 160 ? 3 : 1), 0))

    smsc.options.throttleEveryNth = 0
    await waitFor(() => h.session.state().rate?.current === 400, 'rate back at 400/s')
    expect(h.states.at(-1)?.rate).toEqual({ current: 400, configured: 400 })
  })

  it('against a limit of N per second the rate settles near N, not at the floor', async () => {
    const limit = 20
    const smsc = await startSmsc({ ratePerSecond: limit })
    const h = await bound(smsc, { ratePerSecond: 80, minRatePerSecond: 1 })
    const texts = Array.from({ length: 100 }, (_, i) => `r${i}`)
    const outcomes = await Promise.all(texts.map((t) => h.session.submit(sms(t))))
    expect(outcomes.every((o) => o.kind === 'accepted')).toBe(true)
    expect(smsc.submits.map((m) => m.text).sort()).toEqual([...texts].sort())
    expect(h.session.metrics().rateDecreases).toBeGreaterThan(0)
    // Each refusal burst cost one step down: the rate hovered around the limit.
    const seen = rates(h)
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(limit / 3)
    const now = h.session.state().rate?.current ?? 0
    expect(now).toBeGreaterThanOrEqual(limit / 2)
    expect(now).toBeLessThanOrEqual(80)
  })
})

describe('capacity', () => {
  it('at a low rate, a caller that follows capacity() never leaves a message waiting in the session', async () => {
    const smsc = await startSmsc()
    const h = await bound(smsc, { ratePerSecond: 20, window: 50 })
    const total = 30
    let given = 0
    let maxQueued = 0
    const outcomes: Array<Promise<SubmitOutcome>> = []
    await new Promise<void>((resolve) => {
      // Like the dispatcher: hand over what capacity() allows until it says 0, then wait.
      const feed = (): void => {
        for (let n = h.session.capacity(); n > 0 && given < total; n = h.session.capacity()) {
          while (n-- > 0 && given < total) {
            outcomes.push(h.session.submit(sms(`c${given++}`)))
            maxQueued = Math.max(maxQueued, h.session.metrics().queuedMessages)
          }
        }
        if (given === total) resolve()
      }
      h.session.on('capacity', feed)
      feed()
    })
    expect((await Promise.all(outcomes)).every((o) => o.kind === 'accepted')).toBe(true)
    expect(maxQueued).toBe(0)
    expect(h.session.metrics().capacityEvents).toBeGreaterThan(0)
  })

  it('is bounded by the free window and says when a slot frees', async () => {
    const smsc = await startSmsc({ submitResponseDelayMs: 30 })
    const h = await bound(smsc, { window: 3 })
    expect(h.session.capacity()).toBe(3)
    const first = [0, 1, 2].map((i) => h.session.submit(sms(`w${i}`)))
    expect(h.session.capacity()).toBe(0)
    const freed = new Promise<void>((resolve) => h.session.on('capacity', () => resolve()))
    await freed
    expect(h.session.capacity()).toBeGreaterThan(0)
    expect(h.session.metrics().queuedMessages).toBe(0)
    await Promise.all(first)
  })

  it('is 0 while not bound, and says so once bound', async () => {
    const smsc = await startSmsc()
    const h = openSession(smsc)
    expect(h.session.capacity()).toBe(0)
    const told = new Promise<void>((resolve) => h.session.on('capacity', () => resolve()))
    h.session.start()
    await told
    expect(h.session.state().status).toBe('bound')
    expect(h.session.capacity()).toBeGreaterThan(0)
  })
})

describe('deliver_sm is answered once what it carries is stored', () => {
  /**
   * The SMSC's enquire_link goes after the deliver_sm on the same socket, so once it is
   * answered any deliver_sm_resp the session sent before it has arrived too.
   */
  async function settled(smsc: SandboxSmsc): Promise<void> {
    expect(await smsc.enquireClients(5_000)).toBe(1)
  }

  it('a receipt is answered only when stored() is called', async () => {
    const smsc = await startSmsc()
    const h = await bound(smsc)
    h.hold = true
    accepted(await h.session.submit(sms('held')))
    await waitFor(() => h.receipts.length === 1, 'receipt')
    await settled(smsc)
    expect(smsc.stats.deliverSmAnswered).toBe(0)
    expect(h.session.metrics().deliverSmAwaitingStore).toBe(1)
    h.unstored[0]?.()
    await waitFor(() => smsc.stats.deliverSmAnswered === 1, 'deliver_sm_resp')
    h.unstored[0]?.() // twice is once
    await settled(smsc)
    expect(smsc.stats.deliverSmAnswered).toBe(1)
  })

  it('a receipt never stored is delivered again after a reconnect, and stored then', async () => {
    const smsc = await startSmsc()
    const h = await bound(smsc)
    h.hold = true
    const out = accepted(await h.session.submit(sms('lost report')))
    await waitFor(() => h.receipts.length === 1, 'receipt')
    const late = h.unstored[0]
    h.hold = false
    smsc.close()
    await waitFor(() => h.receipts.length === 2, 'the receipt delivered again')
    expect(h.receipts.map((r) => r.providerId)).toEqual([out.providerIds[0], out.providerIds[0]])
    await waitFor(() => smsc.stats.deliverSmAnswered === 1, 'answered after the second delivery')
    late?.() // the first connection is gone: nothing to answer on
    await settled(smsc)
    expect(smsc.stats.deliverSmAnswered).toBe(1)
  })

  it('inbound parts that do not complete a message are answered at once, the last one once stored', async () => {
    const smsc = await startSmsc()
    const h = await bound(smsc)
    h.hold = true
    const text = 'Длинный ответ клиента. '.repeat(7)
    const acked = smsc.injectInbound({ from: '77011112233', to: '7575', text })
    await waitFor(() => h.inbound.length === 1, 'inbound')
    expect(h.inbound[0]?.text).toBe(text)
    await settled(smsc)
    expect(smsc.stats.deliverSmAnswered).toBe(2)
    h.unstored[0]?.()
    expect(await acked).toBe(3)
  })

  it('with too many waiting to be stored, the SMSC is told to deliver later; nothing is lost', async () => {
    const smsc = await startSmsc({ redeliverMs: 20 })
    const h = await bound(smsc, { maxUnansweredDeliverSm: 2 })
    h.hold = true
    const ids = []
    for (let i = 0; i < 4; i++)
      ids.push(accepted(await h.session.submit(sms(`m${i}`))).providerIds[0])
    await waitFor(() => smsc.stats.deliverSmRefused >= 2, 'two receipts refused for now')
    expect(h.receipts).toHaveLength(2)
    expect(h.session.metrics().deliverSmDeferred).toBeGreaterThanOrEqual(2)
    h.hold = false
    for (const stored of h.unstored.splice(0)) stored()
    await waitFor(() => smsc.stats.deliverSmAnswered === 4, 'every receipt answered')
    expect(h.receipts.map((r) => r.providerId).sort()).toEqual([...ids].sort())
  })

  it('with nobody listening, a receipt is answered at once', async () => {
    const smsc = await startSmsc()
    const session = new SmppSession({
      profileId: 'quiet',
      hosts: [{ host: '127.0.0.1', port: smsc.port }],
      systemId: 'agent',
      password: PASSWORD,
      ratePerSecond: 1000,
      unbindTimeoutMs: 500,
    })
    cleanups.push(() => session.stop())
    session.start()
    await waitFor(() => session.state().status === 'bound', 'bind')
    accepted(await session.submit(sms('nobody hears')))
    await waitFor(() => smsc.stats.deliverSmAnswered === 1, 'deliver_sm_resp')
    expect(session.metrics().deliverSmUnheard).toBe(1)
  })
})

describe('query_sm', () => {
  it('asks the SMSC for the state of accepted messages', async () => {
    const smsc = await startSmsc({
      receiptDelayMs: 0,
      outcome: (m) =>
        m.dest.endsWith('0') ? { stat: 'UNDELIV', err: '011' } : { stat: 'DELIVRD' },
    })
    const h = await bound(smsc)
    const ok = accepted(await h.session.submit(sms('fine', { phone: '+77015550011' })))
    const bad = accepted(await h.session.submit(sms('bad', { phone: '+77015550010' })))
    const query = (messageId: number, providerIds: string[]) => ({
      id: messageId,
      idempotencyKey: `q${messageId}`,
      numericKey: messageId,
      providerIds,
      phone: '77015550011',
    })
    const receipts = await h.session.pollStatus([
      query(1, ok.providerIds),
      query(2, bad.providerIds),
      query(3, []),
      query(4, ['99999']),
    ])
    expect(smsc.stats.querySmReceived).toBe(3)
    const byId = new Map(receipts.map((r) => [r.providerId, r]))
    expect(byId.get(ok.providerIds[0] ?? '')).toMatchObject({
      outcome: 'delivered',
      stat: 'DELIVRD',
    })
    expect(byId.get(bad.providerIds[0] ?? '')).toMatchObject({
      outcome: 'failed',
      stat: 'UNDELIV',
      err: '011',
      reasonCode: 'smpp:stat:UNDELIV',
    })
    expect(byId.get('99999')).toMatchObject({ outcome: 'missing' })
    expect(receipts).toHaveLength(3)
  })

  it('a message not final yet is en route; hex ids are asked as the SMSC gave them', async () => {
    const smsc = await startSmsc({ receiptDelayMs: 600_000, idStyle: 'hex' })
    const h = await bound(smsc)
    const out = accepted(await h.session.submit(sms('slow', { wantReceipt: false })))
    const [receipt] = await h.session.pollStatus([
      { id: 1, idempotencyKey: 'k', numericKey: 1, providerIds: out.providerIds, phone: '' },
    ])
    expect(receipt).toMatchObject({ providerId: out.providerIds[0], outcome: 'enroute' })
  })

  it('after a restart, asks with the sender the outbox recorded; a wrong source is refused', async () => {
    const smsc = await startSmsc({ receiptDelayMs: 0 })
    const first = await bound(smsc)
    const out = accepted(await first.session.submit(sms('before the restart')))
    await first.session.stop()
    // A new session knows nothing of what the old one sent: only what the outbox stored.
    const later = await bound(smsc)
    const ask = (sender: string) =>
      later.session.pollStatus([
        {
          id: 1,
          idempotencyKey: 'k',
          numericKey: 1,
          providerIds: out.providerIds,
          phone: '',
          sender,
        },
      ])
    expect(await ask('Shop')).toMatchObject([{ outcome: 'delivered' }])
    // The SMSC refuses a source other than the submit's: no answer, nothing settled.
    expect(await ask('Other')).toEqual([])
  })

  it('refuses to ask while not bound', async () => {
    const smsc = await startSmsc()
    const h = openSession(smsc)
    await expect(
      h.session.pollStatus([
        { id: 1, idempotencyKey: 'k', numericKey: 1, providerIds: ['1'], phone: '' },
      ]),
    ).rejects.toThrow(/stopped/)
  })
})
