// Bulk import through the whole core: a Windows-1251 file uploaded in chunks over the bridge's
// calls, checked, queued as one batch and delivered by the sandbox SMSC; pause, resume, cancel;
// a 200k-row file streamed with bounded memory.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { CallName } from '../../src/shared/contract'
import type { BatchView } from '../../src/shared/calls/imports'
import { phraseText } from '../../src/shared/phrases'
import { importDone as importDoneOf, upload as uploadAs } from '../helpers/imports'
import { startTestCore, testCore } from '../helpers/test-core'
import { waitFor } from '../helpers/wait'

const FIXTURE = resolve(__dirname, '../fixtures/csv/clients-cp1251.csv')

const t = testCore({ sandbox: { smpp: { receiptDelayMs: 20 } } })
const { call } = t
beforeAll(() => waitFor(() => t.pushed('session.state').length > 0, 'sandbox session'))

async function refused(name: CallName, request: unknown): Promise<string> {
  const reply = await t.core.handle(name, request)
  if (reply.ok) throw new Error(`${name} was expected to fail`)
  return `${reply.error.code} ${reply.error.message}`
}

const upload = (name: string, bytes: Buffer, chunk?: number) => uploadAs(call, name, bytes, chunk)

function generated(rows: number, firstNumber: number): Buffer {
  let text = 'phone,name,code\n'
  for (let i = 0; i < rows; i++) text += `${firstNumber + i},Client ${i},C${i}\n`
  return Buffer.from(text, 'utf8')
}

const batchGet = (batchId: number) => call('batch.get', { batchId })

const importDone = (batchId: number) => importDoneOf(call, batchId)

async function until(batchId: number, cond: (b: BatchView) => boolean, what: string) {
  let view = await batchGet(batchId)
  const deadline = Date.now() + 60_000
  while (!cond(view)) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}: ${JSON.stringify(view)}`)
    await new Promise((r) => setTimeout(r, 25))
    view = await batchGet(batchId)
  }
  return view
}

describe('a Windows-1251 ;-separated file from Excel', () => {
  it('is recognised, checked row by row, and the good rows are delivered as one batch', async () => {
    const bytes = readFileSync(FIXTURE)
    // Small chunks: the file crosses several, one Cyrillic quoted field spans two.
    const analysis = await upload('клиенты.csv', bytes, 97)
    expect(analysis).toMatchObject({
      encoding: 'windows-1251',
      delimiter: ';',
      hasHeader: true,
      columns: ['Телефон', 'Имя', 'Текст'],
      rowCount: 9,
      phoneColumn: 0,
    })
    expect(analysis.preview[6]?.cells).toEqual([
      '992 90 100 00 05',
      'Мария "Маша"',
      'Заказ №4812 готов; ждём вас',
    ])
    expect(analysis.preview[7]?.cells[2]).toBe('Первая строка\r\nвторая строка')

    await call('stoplist.add', { phones: ['+992 90 100 00 04'], note: 'asked to stop' })
    const mapping = {
      uploadId: analysis.uploadId,
      profileId: 'sandbox',
      sender: 'Shop',
      phoneColumn: 0,
      template: '#Имя#: #Текст#',
    }
    const empty = await call('import.validate', { ...mapping, template: '#Текст#' })
    expect(empty.byReason.emptyText).toBe(1)

    const summary = await call('import.validate', mapping)
    expect(summary.recipients).toBe(4)
    expect(summary.rejected).toBe(5)
    expect(summary.byReason).toEqual({ badPhone: 2, missingValue: 1, duplicate: 1, stopListed: 1 })
    expect(summary.rejectedPreview.map((r) => [r.line, r.reason])).toEqual([
      [4, 'badPhone'],
      [5, 'missingValue'],
      [6, 'duplicate'],
      [7, 'stopListed'],
      [11, 'badPhone'],
    ])
    expect(summary.preview.map((p) => p.phone)).toEqual([
      '992901000001',
      '992901000002',
      '992901000005',
      '992901000006',
    ])
    expect(summary.preview[2]?.text).toBe('Мария "Маша": Заказ №4812 готов; ждём вас')
    expect(summary.totalParts).toBe(4)
    // The SMPP sandbox states no prices: the summary says so rather than guess.
    expect(summary.cost).toBeNull()

    const rejected = await call('import.rejected', { uploadId: analysis.uploadId, offset: 0 })
    expect(rejected.nextOffset).toBeNull()
    expect(rejected.text.startsWith('\uFEFFline;phone;reason;detail;row')).toBe(true)
    expect(rejected.text).toContain('7;992901000004;On the stop-list;')
    expect(rejected.text).toContain('6;992901000002;Duplicate in the file;')

    // Checked from the Russian interface: the same rows, the file in Russian.
    await call('import.validate', { ...mapping, lang: 'ru' })
    const russian = await call('import.rejected', { uploadId: analysis.uploadId, offset: 0 })
    expect(
      russian.text.startsWith('\uFEFFстрока;телефон;причина;подробности;строка файла\r\n'),
    ).toBe(true)
    expect(russian.text).toContain('7;992901000004;В стоп-листе;992901000004 в стоп-листе;')
    expect(russian.text).toContain(
      '6;992901000002;Повтор в файле;992901000002 уже есть выше в файле;',
    )
    expect(russian.text).not.toMatch(/[A-Za-z]{3,} [a-z]{3,}/)

    const batch = await call('import.start', { ...mapping, name: 'Orders ready' })
    expect(batch).toMatchObject({ name: 'Orders ready', state: 'running', profileId: 'sandbox' })
    const done = await until(batch.id, (b) => b.counters.delivered === 4, 'all delivered')
    expect(done).toMatchObject({ total: 4, rejected: 5, importState: 'done', state: 'done' })
    expect(done.counters).toMatchObject({ queued: 0, failed: 0, uncertain: 0, delivered: 4 })
    const progress = t.pushed('import.progress').filter((p) => p.batchId === batch.id)
    expect(progress.at(-1)).toMatchObject({ step: 'queue', done: true, current: 9, error: null })
  })

  it('a row the provider would refuse says why, in words the Russian screen can use', async () => {
    const analysis = await call('import.paste', {
      text: 'phone;name\n998901234567;Aziz\n992901234567;Ivan\n',
    })
    const summary = await call('import.validate', {
      uploadId: analysis.uploadId,
      profileId: 'sandbox-getsms',
      sender: 'Shop',
      phoneColumn: 0,
      template: 'Hello #name#',
    })
    expect(summary).toMatchObject({ recipients: 1, rejected: 1, byReason: { refused: 1 } })
    const row = summary.rejectedPreview[0]
    expect(row).toMatchObject({ line: 3, reason: 'refused', phrase: { id: 'getsms.notUzbek' } })
    expect(phraseText(row?.phrase, 'ru')).toBe(
      'GETSMS.UZ отправляет только на узбекские номера: 998 и 9 цифр, а не 992901234567',
    )
    expect(row?.detail).toBe(phraseText(row?.phrase, 'en'))
    await call('import.discard', { uploadId: analysis.uploadId })
  })

  it('numbers written the local way are read by the profile’s country, landlines flagged', async () => {
    const analysis = await call('import.paste', {
      text: [
        'phone;name',
        '8 (912) 345-67-01;Иван',
        '8 (912) 345-67-02;Ольга',
        '+7 495 123-45-67;Офис',
        '992901000019;Зарина',
      ].join('\n'),
    })
    const mapping = {
      uploadId: analysis.uploadId,
      profileId: 'sandbox',
      sender: 'Shop',
      phoneColumn: 0,
      template: 'Здравствуйте, #name#!',
    }
    // The SMPP sandbox is SMSC's: Russia is its usual country.
    const summary = await call('import.validate', mapping)
    expect(summary).toMatchObject({
      recipients: 4,
      rejected: 0,
      phones: {
        local: 2,
        country: 'RU',
        example: { written: '8 (912) 345-67-01', phone: '79123456701' },
        notMobile: 1,
        notMobileExample: '74951234567',
      },
    })
    expect(summary.preview.map((p) => p.phone)).toEqual([
      '79123456701',
      '79123456702',
      '74951234567',
      '992901000019',
    ])
    const batch = await call('import.start', mapping)
    await importDone(batch.id)
    const queued = (await call('messages.recent', { limit: 20 })).filter(
      (m) => m.batchId === batch.id,
    )
    expect(queued.map((m) => m.phone).sort()).toEqual([
      '74951234567',
      '79123456701',
      '79123456702',
      '992901000019',
    ])
  })

  it('refuses what a hostile or broken renderer might send', async () => {
    expect(
      await refused('import.chunk', { uploadId: 'x'.repeat(32), seq: 0, dataBase64: 'AA==' }),
    ).toMatch(/BAD_REQUEST/)
    expect(await refused('import.begin', { name: '../../etc/passwd', size: 0 })).toMatch(
      /BAD_REQUEST.*empty/,
    )
    const { uploadId } = await call('import.begin', { name: '../../x.csv', size: 4 })
    expect(await refused('import.chunk', { uploadId, seq: 1, dataBase64: 'AAAA' })).toMatch(
      /CONFLICT Expected chunk 0/,
    )
    expect(await refused('import.finish', { uploadId })).toMatch(/CONFLICT Received 0 of 4/)
    expect(await refused('import.begin', { name: 'a.csv', size: 1, path: '/etc/passwd' })).toMatch(
      /BAD_REQUEST/,
    )
    await call('import.discard', { uploadId })
  })
})

describe('a running batch', () => {
  it('pause stops handing its messages out; resume sends the rest', async () => {
    const analysis = await upload('pause.csv', generated(300, 992920000001))
    const mapping = {
      uploadId: analysis.uploadId,
      profileId: 'sandbox',
      sender: 'Shop',
      phoneColumn: 0,
      template: 'Hi {name}, code #code#',
    }
    const batch = await call('import.start', mapping)
    await call('batch.pause', { batchId: batch.id })
    const paused = await importDone(batch.id)
    expect(paused.state).toBe('paused')
    expect(paused.total).toBe(300)
    // Whatever was already handed out settles; then nothing moves while paused.
    await new Promise((r) => setTimeout(r, 300))
    const before = await batchGet(batch.id)
    await new Promise((r) => setTimeout(r, 600))
    const after = await batchGet(batch.id)
    expect(after.counters.queued).toBe(before.counters.queued)
    expect(after.counters.queued).toBeGreaterThan(200)
    expect(after.state).toBe('paused')

    // Another message of the same profile still goes out: only the batch is paused.
    const single = await call('messages.send', {
      profileId: 'sandbox',
      sender: 'Shop',
      phone: '992930000001',
      text: 'not in the batch',
    })
    await waitFor(() => t.latest(single.id)?.state === 'delivered', 'the one-off delivered')

    await call('batch.resume', { batchId: batch.id })
    const done = await until(batch.id, (b) => b.state === 'done', 'the batch done')
    // The sandbox fails numbers ending in 00 and expires those ending in 99.
    expect(done.counters).toMatchObject({ queued: 0, sent: 0, delivered: 294, failed: 6 })
  })

  it('pushes its counters as receipts arrive, without being asked, coalesced', async () => {
    const analysis = await upload('pushed.csv', generated(200, 992925000001))
    const from = t.events.length
    const batch = await call('import.start', {
      uploadId: analysis.uploadId,
      profileId: 'sandbox',
      sender: 'Shop',
      phoneColumn: 0,
      template: 'Hello {name}',
    })
    // Only pushes from here on: no batch.get until the end.
    const pushes = () =>
      t.events
        .slice(from)
        .filter((e) => e.name === 'batch.updated' && (e.payload as BatchView).id === batch.id)
        .map((e) => e.payload as BatchView)
    await waitFor(() => pushes().some((b) => b.state === 'done'), 'a push saying done', 60_000)
    const seen = pushes()
    const last = seen.at(-1)
    // The sandbox fails numbers ending in 00 and expires those ending in 99 (counted as failed).
    expect(last?.counters).toEqual({
      queued: 0,
      sent: 0,
      delivered: 196,
      failed: 4,
      uncertain: 0,
      cancelled: 0,
    })
    // Counters only move forward, push after push.
    const delivered = seen.map((b) => b.counters.delivered)
    expect(delivered).toEqual([...delivered].sort((a, b) => a - b))
    expect(seen.some((b) => b.counters.delivered > 0 && b.counters.delivered < 196)).toBe(true)
    // Each message is pushed at least twice (accepted, then its outcome); the batch's pushes
    // are gathered, far fewer than those.
    const changes = t.events
      .slice(from)
      .filter(
        (e) =>
          e.name === 'message.updated' && (e.payload as { batchId: number }).batchId === batch.id,
      ).length
    expect(changes).toBeGreaterThanOrEqual(400)
    expect(seen.length).toBeLessThan(changes / 10)
    expect(await batchGet(batch.id)).toMatchObject({ state: 'done', counters: last?.counters })
  })

  it('cancel cancels every message not yet sent, in one go', async () => {
    const analysis = await upload('cancel.csv', generated(300, 992940000001))
    const batch = await call('import.start', {
      uploadId: analysis.uploadId,
      profileId: 'sandbox',
      sender: 'Shop',
      phoneColumn: 0,
      template: 'Code {code}',
    })
    await call('batch.pause', { batchId: batch.id })
    await importDone(batch.id)
    await new Promise((r) => setTimeout(r, 300))
    const before = await batchGet(batch.id)
    expect(before.counters.queued).toBeGreaterThan(200)
    const cancelled = await call('batch.cancel', { batchId: batch.id })
    expect(cancelled.state).toBe('cancelled')
    expect(cancelled.counters.cancelled).toBe(before.counters.queued)
    expect(cancelled.counters.queued).toBe(0)
    expect(await refused('batch.resume', { batchId: batch.id })).toMatch(/CONFLICT/)
  })

  it('sends its failed and expired messages again as a new batch, each once, never to a stopped number', async () => {
    const analysis = await upload('again.csv', generated(250, 992950000001))
    const batch = await call('import.start', {
      uploadId: analysis.uploadId,
      profileId: 'sandbox',
      sender: 'Shop',
      phoneColumn: 0,
      template: 'Code {code}',
    })
    // The sandbox fails …00 and expires …99: 992950000099, …100, …199, …200.
    const first = await until(batch.id, (b) => b.state === 'done', 'the first batch done')
    expect(first.counters).toMatchObject({ delivered: 246, failed: 4 })
    await call('stoplist.add', { phones: ['992950000100'], note: 'asked to stop' })
    expect(await call('batch.resendable', { batchId: batch.id })).toEqual({ count: 3 })

    const again = await call('batch.resendFailed', {
      batchId: batch.id,
      idempotencyKey: 'resend-batch-0001',
    })
    expect(again.id).not.toBe(batch.id)
    expect(again.name).toBe(`${first.name} ↻`)
    const second = await until(again.id, (b) => b.state === 'done', 'the resend done')
    // The same numbers fail again in the sandbox; the stopped one was never sent.
    expect(second).toMatchObject({ total: 3, skipped: 1, counters: { failed: 3, delivered: 0 } })
    const repeats = t.fromDb((db) =>
      db
        .prepare(
          `SELECT r.phone, o.batch_id AS fromBatch, o.state FROM messages r
          JOIN messages o ON o.id = r.resend_of WHERE r.batch_id = ? ORDER BY r.phone`,
        )
        .all(again.id),
    )
    expect(repeats).toEqual([
      { phone: '992950000099', fromBatch: batch.id, state: 'expired' },
      { phone: '992950000199', fromBatch: batch.id, state: 'expired' },
      { phone: '992950000200', fromBatch: batch.id, state: 'failed' },
    ])
    // The first batch keeps its outcome.
    expect((await batchGet(batch.id)).counters).toMatchObject({ delivered: 246, failed: 4 })

    // Asked again with the same key: the same batch, nothing queued twice; with a new key:
    // nothing left to send again.
    const same = await call('batch.resendFailed', {
      batchId: batch.id,
      idempotencyKey: 'resend-batch-0001',
    })
    expect(same.id).toBe(again.id)
    expect((await batchGet(again.id)).total).toBe(3)
    expect(await call('batch.resendable', { batchId: batch.id })).toEqual({ count: 0 })
    expect(
      await refused('batch.resendFailed', {
        batchId: batch.id,
        idempotencyKey: 'resend-batch-0002',
      }),
    ).toMatch(/^CONFLICT Batch \d+ has no failed or expired message left to send again/)
    expect(
      await refused('batch.resendFailed', { batchId: 999999, idempotencyKey: 'resend-batch-0003' }),
    ).toMatch(/^NOT_FOUND/)
  })

  it('a scheduled batch waits for its time', async () => {
    const analysis = await upload('later.csv', generated(20, 992950000001))
    const at = Date.now() + 3_600_000
    const batch = await call('import.start', {
      uploadId: analysis.uploadId,
      profileId: 'sandbox',
      sender: 'Shop',
      phoneColumn: 0,
      template: 'Later {name}',
      scheduledAt: at,
    })
    const view = await importDone(batch.id)
    expect(view).toMatchObject({ scheduledAt: at, total: 20, state: 'running' })
    expect(view.counters.queued).toBe(20)
    // Time enough for a batch of 20 sent now to be delivered by the sandbox: none of these moves.
    await new Promise((r) => setTimeout(r, 1500))
    expect((await batchGet(batch.id)).counters).toMatchObject({ queued: 20, sent: 0, delivered: 0 })
    await call('batch.cancel', { batchId: batch.id })
  })
})

describe('a 200,000-row file', () => {
  it('streams into one batch with bounded memory', async () => {
    const rows = 200_000
    const bytes = generated(rows, 992960000001)
    const analysis = await upload('big.csv', bytes)
    expect(analysis.rowCount).toBe(rows)
    const mapping = {
      uploadId: analysis.uploadId,
      profileId: 'sandbox',
      sender: 'Shop',
      phoneColumn: 0,
      template: 'Hello #name#, your code is {code}',
      // Far ahead: the batch is queued, not sent, so the test measures the import alone.
      scheduledAt: Date.now() + 86_400_000,
    }
    global.gc?.()
    const base = process.memoryUsage().heapUsed
    let peak = base
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().heapUsed)
    }, 5)
    try {
      const summary = await call('import.validate', mapping)
      expect(summary.recipients).toBe(rows)
      const batch = await call('import.start', mapping)
      const done = await importDone(batch.id)
      expect(done).toMatchObject({ total: rows, rejected: 0, importState: 'done' })
      expect(done.counters.queued).toBe(rows)
      const last = await call('messages.recent', { limit: 3 })
      expect(last.map((m) => [m.phone, m.text, m.batchId])).toEqual([
        [
          String(992960000001 + rows - 1),
          `Hello Client ${rows - 1}, your code is C${rows - 1}`,
          batch.id,
        ],
        [
          String(992960000001 + rows - 2),
          `Hello Client ${rows - 2}, your code is C${rows - 2}`,
          batch.id,
        ],
        [
          String(992960000001 + rows - 3),
          `Hello Client ${rows - 3}, your code is C${rows - 3}`,
          batch.id,
        ],
      ])
      await call('batch.cancel', { batchId: batch.id })
    } finally {
      clearInterval(sampler)
    }
    // The rows as objects would take hundreds of MB; streamed, the heap grows by a few chunks.
    expect(peak - base).toBeLessThan(96 * 1024 * 1024)
  })
})

describe('the desktop open dialog', () => {
  it('reads the chosen file in place, and discarding it leaves the operator’s file alone', async () => {
    // The shell's OS dialog cannot run here: this stand-in answers what the dialog would.
    const answers: (string | null)[] = []
    const titles: string[] = []
    const copyDir = mkdtempSync(join(tmpdir(), 'imports-dialog-'))
    const chosen = join(copyDir, 'клиенты.csv')
    writeFileSync(chosen, readFileSync(FIXTURE))
    const desktop = await startTestCore({
      mode: 'electron',
      chooseImportFile: (title) => {
        titles.push(title)
        return Promise.resolve(answers.shift() ?? null)
      },
    })
    try {
      const open = (request: { title: string }) => desktop.call('import.openFile', request)
      answers.push(chosen)
      const { analysis } = await open({ title: 'Выберите CSV-файл для рассылки' })
      expect(titles).toEqual(['Выберите CSV-файл для рассылки'])
      expect(analysis).toMatchObject({
        name: 'клиенты.csv',
        encoding: 'windows-1251',
        delimiter: ';',
        rowCount: 9,
      })
      expect(analysis?.preview[6]?.cells[1]).toBe('Мария "Маша"')

      // Discarding forgets the upload; the file is the operator's and stays as it was.
      const discarded = await desktop.core.handle('import.discard', {
        uploadId: analysis?.uploadId,
      })
      expect(discarded).toEqual({ ok: true, result: { discarded: true } })
      expect(readFileSync(chosen)).toEqual(readFileSync(FIXTURE))

      // The operator closed the dialog.
      expect(await open({ title: 'Open' })).toEqual({ analysis: null })

      // A renderer cannot name a path itself.
      const hostile = await desktop.core.handle('import.openFile', {
        title: 'x',
        path: '/etc/passwd',
      })
      expect(hostile.ok).toBe(false)
      if (!hostile.ok) expect(hostile.error.code).toBe('BAD_REQUEST')
      expect(titles).toHaveLength(2)
    } finally {
      await desktop.close()
      rmSync(copyDir, { recursive: true, force: true })
    }
  })

  it('is not offered in browser mode: the page uploads instead', async () => {
    expect(await refused('import.openFile', { title: 'Open' })).toMatch(
      /^UNAVAILABLE Only the desktop app opens files itself/,
    )
  })
})
