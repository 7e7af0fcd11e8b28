// SMSC's deferred export jobs (downloads.php): the file of sent messages read by its header, the
// list of jobs, and the limit of three identical requests a minute kept locally.
import { describe, expect, it } from 'vitest'
import type { HttpReply } from '../../src/main/core/providers/http'
import {
  createExportJob,
  dayStart,
  downloadExport,
  ExportFileError,
  listExportJobs,
  parseExportJobs,
  parseSentCsv,
  readSentCsv,
  smscDay,
  type DownloadsPort,
} from '../../src/main/core/providers/smsc-http/downloads'
import {
  RequestLimiter,
  SmscRateLimitError,
  type SmscCall,
} from '../../src/main/core/providers/smsc-http/provider'
import { phraseText } from '../../src/shared/phrases'

/** 10.03.2026 14:05:00 in Moscow (UTC+3). */
const AT = Date.UTC(2026, 2, 10, 11, 5, 0)

function fileError(read: () => unknown): ExportFileError {
  try {
    read()
  } catch (err) {
    if (err instanceof ExportFileError) return err
    throw err
  }
  throw new Error('the file was read without an error')
}

describe('the export file', () => {
  it('takes the columns in the order its header names them', () => {
    const csv = [
      'send_date;message;phone;id;status;err;cost;sms_cnt;sender;status_name',
      '10.03.2026 14:05:00;Hello;79161234567;1000123;1;0;2.50;1;Shop;Доставлено',
      '10.03.2026 14:06:10;Late;+7 916 123-45-68;1000124;20;6;0;1;Shop;Не доставлено',
    ].join('\r\n')
    const [a, b] = parseSentCsv(csv)
    expect(a).toMatchObject({
      line: 2,
      providerId: '1000123',
      phone: '79161234567',
      sender: 'Shop',
      sentAt: AT,
      outcome: 'delivered',
      stat: '1',
      err: '0',
      price: 2.5,
      parts: 1,
      text: 'Hello',
    })
    expect(b).toMatchObject({
      line: 3,
      phone: '79161234568',
      outcome: 'failed',
      stat: '20',
      err: '6',
      reasonCode: 'smsc:err:6',
      price: 0,
    })
  })

  it('reads quoted fields with the delimiter, doubled quotes and line breaks, and Cyrillic text', () => {
    const csv =
      '\uFEFFid;phone;sender;send_date;status;err;cost;sms_cnt;message\n' +
      '7;79001112233;Магазин;10.03.2026 14:05;1;0;"3,75";2;"Ваш заказ №5; забрать у ""Склада 2""\nдо 18:00"\n' +
      '8;79001112234;Магазин;10.03.2026 14:05;-1;;;;Ещё в пути ё\n'
    const [a, b] = parseSentCsv(csv)
    expect(a?.sender).toBe('Магазин')
    expect(a?.price).toBe(3.75)
    expect(a?.parts).toBe(2)
    expect(a?.text).toBe('Ваш заказ №5; забрать у "Склада 2"\nдо 18:00')
    // The next record starts on line 4: the quoted line break moved the count.
    expect(b).toMatchObject({ line: 4, outcome: 'accepted', err: null, price: null, parts: null })
    expect(b?.text).toBe('Ещё в пути ё')
  })

  it('reads a Russian header, in any case and spacing', () => {
    const csv =
      'Телефон;Статус;Стоимость;Дата отправки;Текст сообщения;ID\n79161234567;3;1.20;2026-03-10 14:05:00;Привет;55\n'
    const [r] = parseSentCsv(csv)
    expect(r).toMatchObject({ phone: '79161234567', outcome: 'expired', price: 1.2, sentAt: AT })
    expect(r?.providerId).toBe('55')
    expect(r?.text).toBe('Привет')
  })

  it('without a header, takes the assumed order: id, phone, sender, time, status, err, cost, parts, text', () => {
    const [r] = parseSentCsv('42;79161234567;Shop;10.03.2026 14:05:00;1;0;2.50;1;Hi\n')
    expect(r).toMatchObject({
      line: 1,
      providerId: '42',
      phone: '79161234567',
      price: 2.5,
      text: 'Hi',
    })
  })

  it('refuses a line with another number of fields than its header, naming the line', () => {
    const csv = [
      'id;phone;status;cost;message',
      '1;79161234567;1;2.50;ok',
      '2;79161234568;1;2.50;a text; with an unquoted delimiter',
    ].join('\n')
    const err = fileError(() => parseSentCsv(csv))
    expect(err.line).toBe(3)
    expect(err.phrase).toEqual({
      id: 'providerFile.fieldCount',
      params: { line: 3, found: 6, expected: 5 },
    })
    expect(err.message).toBe(
      "The provider's file is malformed: line 3 has 6 fields, its header names 5",
    )
    expect(phraseText(err.phrase, 'ru')).toBe(
      'Файл провайдера повреждён: в строке 3 полей 6, а в заголовке — 5',
    )
  })

  it('refuses a value that is not what its column holds, naming the line, the column and the value', () => {
    const status = fileError(() => parseSentCsv('id;phone;status\n1;79161234567;delivered\n'))
    expect(status.message).toBe(
      "The provider's file is malformed: on line 2, the status “delivered” is not a status code",
    )
    const phone = fileError(() => parseSentCsv('id;phone;status\n1;79161234567;1\n2;call me;1\n'))
    expect(phone.line).toBe(3)
    expect(phone.phrase.params).toMatchObject({ column: 'phone', value: 'call me', want: 'phone' })
    const cost = fileError(() => parseSentCsv('phone;status;cost\n79161234567;1;free\n'))
    expect(cost.phrase.params).toMatchObject({ line: 2, column: 'cost', want: 'number' })
    const date = fileError(() => parseSentCsv('phone;status;send_date\n79161234567;1;yesterday\n'))
    expect(date.phrase.params).toMatchObject({ line: 2, column: 'sentAt', want: 'date' })
  })

  it('refuses a quoted field that never closes, and a header without a status column', () => {
    const quote = fileError(() =>
      parseSentCsv('id;phone;status;message\n1;79161234567;1;"never closed\n2;79161234568;1;x\n'),
    )
    expect(quote.phrase).toEqual({ id: 'providerFile.unclosedQuote', params: { line: 2 } })
    const header = fileError(() => parseSentCsv('id;phone;message\n1;79161234567;hi\n'))
    expect(header.phrase).toEqual({
      id: 'providerFile.noColumn',
      params: { column: 'status', line: 1 },
    })
  })

  it('reads a large file by slices, the same as at once', async () => {
    const lines = ['id;phone;status;cost;message']
    for (let i = 0; i < 20_000; i++)
      lines.push(`${i + 1};7916${String(i).padStart(7, '0')};1;2.50;Текст ${i}`)
    const text = lines.join('\n')
    const sliced = await readSentCsv(text)
    expect(sliced).toHaveLength(20_000)
    expect(sliced.at(-1)).toMatchObject({ line: 20_001, providerId: '20000', text: 'Текст 19999' })
    expect(sliced).toEqual(parseSentCsv(text))
  })
})

describe('the list of export jobs', () => {
  it('reads the JSON list with each status and its dates in the server’s zone', () => {
    const jobs = parseExportJobs(
      JSON.stringify([
        { id: 11, name: 'Март', status: 0, created: '10.03.2026 14:05:00', time: '', file: '' },
        {
          id: '12',
          name: 'x',
          status: '1',
          created: '10.03.2026 14:05',
          time: '10.03.2026 14:05:00',
          file: 'a.csv',
        },
        { id: 13, name: 'y', status: 2, created: '', time: '', file: 'b.csv' },
        { id: 14, name: 'z', status: 3, created: '', time: '', file: '' },
        { id: 15, name: 'w', status: 4, created: '', time: '', file: '' },
        { id: 16, name: 'v', status: 7, created: '', time: '', file: '' },
      ]),
    )
    expect(jobs?.map((j) => [j.id, j.state, j.status])).toEqual([
      ['11', 'waiting', 0],
      ['12', 'running', 1],
      ['13', 'done', 2],
      ['14', 'cancelled', 3],
      ['15', 'failed', 4],
      ['16', 'unknown', 7],
    ])
    expect(jobs?.[0]).toMatchObject({ name: 'Март', createdAt: AT, startedAt: null, file: null })
    expect(jobs?.[1]).toMatchObject({ startedAt: AT, file: 'a.csv' })
  })

  it('reads one job alone, plain-text lines and an empty list; anything else is no list', () => {
    expect(
      parseExportJobs('{"id":5,"name":"n","status":2,"created":"","time":"","file":"f.csv"}'),
    ).toMatchObject([{ id: '5', state: 'done', file: 'f.csv' }])
    expect(
      parseExportJobs('5,Отчёт, март,2,10.03.2026 14:05:00,10.03.2026 14:05:00,f.csv\n'),
    ).toMatchObject([{ id: '5', name: 'Отчёт, март', state: 'done', createdAt: AT, file: 'f.csv' }])
    expect(parseExportJobs('')).toEqual([])
    expect(parseExportJobs('[]')).toEqual([])
    expect(parseExportJobs('[{"id":5}]')).toBe(null)
    expect(parseExportJobs('<html>')).toBe(null)
    expect(parseExportJobs('{"id":5,"status":"done"}')).toBe(null)
  })

  it('writes days as SMSC does and starts them in the server’s zone', () => {
    expect(smscDay('2026-03-10')).toBe('10.03.2026')
    expect(dayStart('2026-03-10', 180)).toBe(Date.UTC(2026, 2, 9, 21, 0, 0))
  })
})

describe('three identical requests a minute', () => {
  /** A port whose posts are counted, with the provider's own limiter. */
  function port(reply: (call: SmscCall) => string): DownloadsPort & { posts: SmscCall[] } {
    const limiter = new RequestLimiter(60_000)
    const posts: SmscCall[] = []
    return {
      posts,
      limit(call, signature, max, detail) {
        const wait = limiter.wait(signature, max)
        if (wait > 0) throw new SmscRateLimitError(call, wait, detail)
        limiter.take(signature)
      },
      async post(call): Promise<HttpReply> {
        posts.push(call)
        return { status: 200, contentType: 'application/json', text: reply(call) }
      },
      throwIfError() {},
      req: (call) => ({ provider: 'SMSC', call, secrets: [] }),
      utcOffsetMinutes: 180,
    }
  }

  it('refuses a fourth listing locally, saying when it may be asked again', async () => {
    const p = port(() => '[]')
    for (let i = 0; i < 3; i++) await expect(listExportJobs(p)).resolves.toEqual([])
    const refused = await listExportJobs(p).catch((err: unknown) => err)
    expect(refused).toBeInstanceOf(SmscRateLimitError)
    const err = refused as SmscRateLimitError
    expect(err.retryAfterMs).toBeGreaterThan(0)
    expect(err.retryAfterMs).toBeLessThanOrEqual(60_000)
    expect(err.phrase.id).toBe('provider.tooSoon')
    expect(err.message).toMatch(/try again in \d+ s/)
    // Nothing went out for it.
    expect(p.posts).toEqual(['export-list', 'export-list', 'export-list'])
  })

  it('counts a download and a creation by what they ask for', async () => {
    const p = port((call) =>
      call === 'export-create' ? '{"id":77}' : 'phone;status\n79161234567;1\n',
    )
    for (let i = 0; i < 3; i++) await downloadExport({ id: '77', file: null }, p)
    await expect(downloadExport({ id: '77', file: null }, p)).rejects.toBeInstanceOf(
      SmscRateLimitError,
    )
    // Another job's file is another request.
    await expect(downloadExport({ id: '78', file: null }, p)).resolves.toHaveLength(1)
    const period = { from: '2026-03-01', to: '2026-03-10' }
    for (let i = 0; i < 3; i++)
      await expect(createExportJob(period, p)).resolves.toEqual({ id: '77' })
    await expect(createExportJob(period, p)).rejects.toBeInstanceOf(SmscRateLimitError)
    expect(p.posts.filter((c) => c === 'export-download')).toHaveLength(4)
    expect(p.posts.filter((c) => c === 'export-create')).toHaveLength(3)
  })
})
