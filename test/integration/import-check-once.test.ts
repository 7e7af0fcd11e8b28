// A bulk import checks each row once: queueing after the check reads the check's verdicts
// instead of checking again, and looks the stop-list up again only if it changed since, so a
// number put on it after the check is left out and one taken off it is queued (once). A file
// or mapping that is not the one checked is checked as it is queued.
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CoreContext } from '../../src/main/core/context'
import { openDatabase, type Db } from '../../src/main/core/db/database'
import { openHistoryReader, type HistoryReader } from '../../src/main/core/history/reader'
import { ImportService } from '../../src/main/core/imports/service'
import { ProfileStore } from '../../src/main/core/profiles/profiles'
import type { OutgoingSms } from '../../src/main/core/providers/types'
import { StorageHealth } from '../../src/main/core/storage/health'
import { sqliteStores } from '../../src/main/core/stores/sqlite'
import type { ImportMapping, ImportSummary } from '../../src/shared/calls/imports'
import { english, phrase } from '../../src/shared/phrases'
import { waitForValue } from '../helpers/wait'
import { sandboxProfiles } from '../../src/main/core/profiles/input'

let dir: string
let db: Db
let history: HistoryReader
let service: ImportService
/** Every number the provider's own check was asked about, in order. */
let asked: string[]

// The provider refuses 992900009013.
const connection = {
  check: (sms: OutgoingSms) => {
    asked.push(sms.phone)
    return sms.phone === '992900009013'
      ? { reason: english('row.emptyText'), phrase: phrase('row.emptyText') }
      : null
  },
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'import-check-once-'))
  db = openDatabase(join(dir, 'console.db'))
  const profiles = new ProfileStore(db)
  const sandbox = profiles.ensureSandbox(sandboxProfiles())
  history = await openHistoryReader(db, { log: () => {} })
  asked = []
  const ctx = {
    options: { dataDir: dir, mode: 'browser', version: 'test' },
    ...sqliteStores(db),
    log: () => {},
    emit: () => {},
    requireProfile: async () => sandbox,
    connection: () => connection,
    wake: () => {},
    storage: new StorageHealth(() => {}),
    history,
  }
  service = new ImportService(ctx as unknown as CoreContext)
})

afterEach(async () => {
  service.close()
  await history.close()
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

/** 992900000000 + i for each i, as `phone;name` rows under a header. */
function csv(numbers: readonly (number | string)[]): string {
  const rows = numbers.map((n, i) =>
    typeof n === 'string' ? `${n};Client ${i}` : `${992900000000 + n};Client ${i}`,
  )
  return ['phone;name', ...rows].join('\n') + '\n'
}

function mappingOf(uploadId: string, template = 'Hello #name#'): ImportMapping {
  return { uploadId, profileId: 'sandbox', sender: 'Shop', phoneColumn: 0, template }
}

/** Starts the import and waits until every row is queued; the batch and its messages. */
async function queue(mapping: ImportMapping) {
  const batch = await service.start(mapping)
  const row = await waitForValue(
    () => service.store.batch(batch.id),
    (b) => b?.import_state !== 'importing',
    'the rows queued',
  )
  const messages = db
    .prepare('SELECT phone, text FROM messages WHERE batch_id = ? ORDER BY id')
    .all(batch.id) as { phone: string; text: string }[]
  return { batch: row, messages }
}

/** 1..300 with a bad number, a duplicate and a number the provider refuses among them. */
function mixed(): (number | string)[] {
  const numbers: (number | string)[] = Array.from({ length: 300 }, (_, i) => i + 1)
  numbers[10] = 'not a number'
  numbers[20] = 5 // a duplicate of the fifth row
  numbers[30] = 9013 // refused by the provider
  return numbers
}

describe('queueing after the check', () => {
  it('reads the check’s verdicts: no row is checked again, and the batch is what the summary said', async () => {
    const analysis = await service.paste(csv(mixed()))
    const mapping = mappingOf(analysis.uploadId)
    const summary = await service.validate(mapping)
    expect(summary).toMatchObject({
      rows: 300,
      recipients: 297,
      byReason: { badPhone: 1, duplicate: 1, refused: 1 },
    })
    // The check asked the provider about every row with a number and a text.
    expect(asked).toHaveLength(299)

    asked = []
    const { batch, messages } = await queue(mapping)
    expect(asked, 'rows checked again while queueing').toEqual([])
    expect(batch).toMatchObject({ total: summary.recipients, rejected: summary.rejected })
    expect(messages).toHaveLength(297)
    expect(new Set(messages.map((m) => m.phone)).size).toBe(297)
    expect(messages[0]).toEqual({ phone: '992900000001', text: 'Hello Client 0' })
    expect(messages.some((m) => m.phone === '992900009013')).toBe(false)
  })

  it('queues what checking as it queues would have queued', async () => {
    const checked = await service.paste(csv(mixed()))
    await service.validate(mappingOf(checked.uploadId))
    const afterCheck = await queue(mappingOf(checked.uploadId))

    // The same rows again, never checked beforehand: checked while queued.
    const unchecked = await service.paste(csv(mixed()) + '992900009999;Late\n')
    asked = []
    const inline = await queue(mappingOf(unchecked.uploadId))
    expect(asked).toHaveLength(300)
    expect(inline.batch).toMatchObject({ total: 298, rejected: afterCheck.batch?.rejected })
    expect(inline.messages.slice(0, -1)).toEqual(afterCheck.messages)
  })

  it('checks again a mapping other than the one checked', async () => {
    const analysis = await service.paste(csv(mixed()))
    await service.validate(mappingOf(analysis.uploadId))
    asked = []
    const { messages } = await queue(mappingOf(analysis.uploadId, 'Bye #name#'))
    expect(asked).toHaveLength(299)
    expect(messages[0]?.text).toBe('Bye Client 0')
  })

  it('checks again a file changed since its check (a desktop file read in place)', async () => {
    const file = join(dir, 'clients.csv')
    writeFileSync(file, csv([1, 2, 3]))
    const analysis = await service.importFromFile(file)
    await service.validate(mappingOf(analysis.uploadId))
    appendFileSync(file, '992900009013;Refused\n992900000004;Added\n')
    asked = []
    const { batch, messages } = await queue(mappingOf(analysis.uploadId))
    expect(asked).toHaveLength(5)
    expect(batch).toMatchObject({ total: 4, rejected: 1 })
    expect(messages.map((m) => m.phone)).toEqual([
      '992900000001',
      '992900000002',
      '992900000003',
      '992900000004',
    ])
  })
})

describe('the stop-list changed between the check and the queueing', () => {
  it('a number put on it after the check is left out', async () => {
    const analysis = await service.paste(csv([1, 2, 3, 2, 4]))
    const mapping = mappingOf(analysis.uploadId)
    const summary: ImportSummary = await service.validate(mapping)
    expect(summary).toMatchObject({ recipients: 4, rejected: 1 })
    await service.addStopped(['992900000002'], 'asked to stop')
    asked = []
    const lookups = vi.spyOn(service.store.stopList, 'stoppedAmong')
    const { batch, messages } = await queue(mapping)
    expect(asked).toEqual([])
    expect(lookups).toHaveBeenCalled()
    expect(messages.map((m) => m.phone)).toEqual(['992900000001', '992900000003', '992900000004'])
    expect(batch).toMatchObject({ total: 3, rejected: 2 })
  })

  it('a number taken off it after the check is queued once, its later rows duplicates', async () => {
    await service.addStopped(['992900000002', '992900000003'], null)
    const analysis = await service.paste(csv([1, 2, 3, 2, 4, 9013]))
    const mapping = mappingOf(analysis.uploadId)
    const summary = await service.validate(mapping)
    expect(summary).toMatchObject({ recipients: 2, byReason: { stopListed: 3, refused: 1 } })
    await service.removeStopped(['992900000002'])
    asked = []
    const { batch, messages } = await queue(mapping)
    // Only the rows the check left out for the stop-list meet the provider's check now.
    expect(asked).toEqual(['992900000002', '992900000003', '992900000002'])
    expect(messages.map((m) => m.phone).sort()).toEqual([
      '992900000001',
      '992900000002',
      '992900000004',
    ])
    expect(messages.find((m) => m.phone === '992900000002')?.text).toBe('Hello Client 1')
    expect(batch).toMatchObject({ total: 3, rejected: 3 })
  })

  it('an unchanged stop-list is not looked up again', async () => {
    await service.addStopped(['992900000002'], null)
    const analysis = await service.paste(csv([1, 2, 3]))
    const mapping = mappingOf(analysis.uploadId)
    await service.validate(mapping)
    const lookups = vi.spyOn(service.store.stopList, 'stoppedAmong')
    const { batch, messages } = await queue(mapping)
    expect(lookups).not.toHaveBeenCalled()
    expect(messages.map((m) => m.phone)).toEqual(['992900000001', '992900000003'])
    expect(batch).toMatchObject({ total: 2, rejected: 1 })
  })
})
