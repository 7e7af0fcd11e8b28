// Bulk send through the outbox vs the raw `smpp` package, against the same sandbox SMSC on
// loopback, in the same run. Prints JSON. Run: npm run bench -- [messages] [window]
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import smpp from 'smpp'
import { openDatabase } from '../src/main/core/db/database'
import { Dispatcher } from '../src/main/core/dispatcher/dispatcher'
import { Outbox } from '../src/main/core/outbox/outbox'
import { openStores } from '../src/main/core/stores/remote'
import { ProfileStore } from '../src/main/core/profiles/profiles'
import { messageIdKeys, normaliseMessageId } from '../src/main/core/providers/smpp/receipt'
import { SmppSession } from '../src/main/core/providers/smpp/session'
import { sandboxProfiles } from '../src/main/core/profiles/input'
import { startSmscProcess } from './smsc'

const N = Number(process.argv[2] ?? 20_000)
const WINDOW = Number(process.argv[3] ?? 500)
const PASSWORD = 'bench'

async function raw(port: number): Promise<number> {
  const session = new smpp.Session({ host: '127.0.0.1', port })
  await new Promise<void>((resolve, reject) => {
    session.on('connect', () =>
      session.send(
        new smpp.PDU('bind_transceiver', { system_id: 'bench', password: PASSWORD }),
        (r) => (r.command_status === 0 ? resolve() : reject(new Error(`bind ${r.command_status}`))),
      ),
    )
    session.on('error', reject)
  })
  session.on('pdu', (pdu) => {
    if (pdu.command === 'deliver_sm') session.send(pdu.response())
  })
  const start = performance.now()
  let sent = 0
  let answered = 0
  await new Promise<void>((resolve) => {
    const pump = () => {
      while (sent < N && sent - answered < WINDOW) {
        const i = sent++
        session.send(
          new smpp.PDU('submit_sm', {
            source_addr: 'Bench',
            source_addr_ton: 5,
            destination_addr: `7701${String(i).padStart(7, '0')}`,
            destination_addr_ton: 1,
            destination_addr_npi: 1,
            data_coding: 0,
            registered_delivery: 1,
            short_message: `raw ${i}`,
          }),
          () => {
            answered++
            if (answered === N) resolve()
            else pump()
          },
        )
      }
    }
    pump()
  })
  const seconds = (performance.now() - start) / 1000
  session.destroy()
  return N / seconds
}

async function throughSession(port: number): Promise<number> {
  const session = new SmppSession({
    profileId: 'bench',
    hosts: [{ host: '127.0.0.1', port }],
    systemId: 'bench',
    password: PASSWORD,
    window: WINDOW,
    ratePerSecond: 1_000_000,
  })
  session.start()
  await new Promise<void>((resolve) => {
    const check = () => (session.state().status === 'bound' ? resolve() : setTimeout(check, 5))
    check()
  })
  const start = performance.now()
  let next = 0
  const worker = async () => {
    while (next < N) {
      const i = next++
      await session.submit({
        id: i,
        idempotencyKey: `bench-${i}`,
        numericKey: i + 1,
        sender: 'Bench',
        phone: `7703${String(i).padStart(7, '0')}`,
        text: `session ${i}`,
        wantReceipt: true,
      })
    }
  }
  await Promise.all(Array.from({ length: WINDOW }, worker))
  const seconds = (performance.now() - start) / 1000
  await session.stop()
  return N / seconds
}

async function throughOutbox(port: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-outbox-'))
  const db = openDatabase(join(dir, 'console.db'))
  new ProfileStore(db).ensureSandbox(sandboxProfiles())
  const outbox = new Outbox(db, { idKeys: messageIdKeys, ownKey: normaliseMessageId })
  outbox.enqueueMany(
    Array.from({ length: N }, (_, i) => ({
      profileId: 'sandbox',
      sender: 'Bench',
      phone: `7702${String(i).padStart(7, '0')}`,
      text: `outbox ${i}`,
      priority: 1 as const,
    })),
  )
  const answered = new Set<number>()
  const session = new SmppSession({
    profileId: 'sandbox',
    hosts: [{ host: '127.0.0.1', port }],
    systemId: 'bench',
    password: PASSWORD,
    window: WINDOW,
    ratePerSecond: 1_000_000,
  })
  // As the console runs it: the outbox's SQL in the storage worker.
  const stores = openStores(db, { log: (_, m) => console.error(m) })
  const dispatcher = new Dispatcher({
    outbox: stores.outbox,
    connection: session,
    maxInFlight: WINDOW,
    onChange: (messages) => {
      for (const m of messages)
        if (m.state !== 'queued' && m.state !== 'sending') answered.add(m.id)
    },
    onError: (err) => console.error(err),
  })
  session.start()
  await new Promise<void>((resolve) => {
    const check = () => (session.state().status === 'bound' ? resolve() : setTimeout(check, 5))
    check()
  })
  const start = performance.now()
  dispatcher.start()
  await new Promise<void>((resolve) => {
    const check = () => (answered.size === N ? resolve() : setTimeout(check, 5))
    check()
  })
  const seconds = (performance.now() - start) / 1000
  await dispatcher.stop()
  await session.stop()
  await stores.close()
  db.close()
  rmSync(dir, { recursive: true, force: true })
  return N / seconds
}

async function main(): Promise<void> {
  // Below the console's priority, as in the other benchmarks: the provider's machine, not one
  // of the two cores the console's threads share.
  const { port, child: smsc } = await startSmscProcess(PASSWORD)
  const rawRate = await raw(port)
  const sessionRate = await throughSession(port)
  const outbox = await throughOutbox(port)
  smsc.kill()
  console.info(
    JSON.stringify(
      {
        benchmark: 'bulk SMPP send',
        messages: N,
        window: WINDOW,
        rawLibraryPerSecond: Math.round(rawRate),
        sessionOnlyPerSecond: Math.round(sessionRate),
        throughOutboxPerSecond: Math.round(outbox),
        ratio: Number((outbox / rawRate).toFixed(2)),
        target: 'ratio >= 0.8',
      },
      null,
      2,
    ),
  )
}

void main()
