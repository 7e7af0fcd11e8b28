// What the console says when a write is refused, from real SQLite errors on a real file: a
// database another connection keeps locked is "busy" (the disk is fine), not a failing disk; a
// read-only one is "failing". Several writers held back at once say the worst.
import { chmodSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { StorageState } from '../../src/shared/calls/storage'
import { createRouter, type Handlers } from '../../src/main/core/api/router'
import { isStorageError, StorageHealth, storageTrouble } from '../../src/main/core/storage/health'
import { scratchPerTest } from '../helpers/scratch'

const scratch = scratchPerTest('storage-trouble')

/** The error a write meets while another connection holds the write lock. */
function lockedWriteError(): unknown {
  const file = join(scratch.dir, 'console.db')
  const holder = new Database(file)
  scratch.cleanup(() => holder.close())
  holder.exec('CREATE TABLE t (x)')
  const writer = new Database(file, { timeout: 0 })
  scratch.cleanup(() => writer.close())
  holder.exec('BEGIN IMMEDIATE')
  try {
    writer.exec('INSERT INTO t VALUES (1)')
  } catch (err) {
    return err
  } finally {
    holder.exec('ROLLBACK')
  }
  throw new Error('the write went through a held lock')
}

/** The error a write meets on a database opened read-only. */
function readOnlyWriteError(): unknown {
  const file = join(scratch.dir, 'readonly.db')
  new Database(file).exec('CREATE TABLE t (x)')
  chmodSync(file, 0o444)
  const db = new Database(file, { readonly: true })
  scratch.cleanup(() => db.close())
  try {
    db.exec('INSERT INTO t VALUES (1)')
  } catch (err) {
    return err
  }
  throw new Error('the write went through a read-only database')
}

describe('storage trouble', () => {
  it('tells a locked database from a failing disk', () => {
    const busy = lockedWriteError()
    expect(isStorageError(busy)).toBe(true)
    expect(storageTrouble(busy)).toBe('busy')
    const readOnly = readOnlyWriteError()
    expect(isStorageError(readOnly)).toBe(true)
    expect(storageTrouble(readOnly)).toBe('failing')
    expect(storageTrouble(Object.assign(new Error('disk full'), { code: 'SQLITE_FULL' }))).toBe(
      'full',
    )
  })

  it('says the worst of what holds writers back, and clears writer by writer', () => {
    const states: StorageState[] = []
    const health = new StorageHealth((s) => states.push(s))
    health.failed('dispatcher:a', lockedWriteError(), 3)
    expect(states.at(-1)?.status).toBe('busy')
    health.failed('import:1', readOnlyWriteError(), 10)
    expect(states.at(-1)).toMatchObject({ status: 'failing', waiting: 13 })
    expect(states.at(-1)?.detail).toMatch(/readonly/i)
    health.recovered('import:1')
    expect(states.at(-1)).toMatchObject({ status: 'busy', waiting: 3 })
    expect(states.at(-1)?.detail).toMatch(/locked/)
    health.recovered('dispatcher:a')
    expect(states.at(-1)?.status).toBe('ok')
    health.stop()
  })

  it('answers a call refused by a locked database with its own phrase', async () => {
    const err = lockedWriteError()
    const logged: string[] = []
    // One real call whose handler meets the locked database; the others are never called.
    const handlers = {
      'storage.state': () => {
        throw err
      },
    } as unknown as Handlers
    const route = createRouter(handlers, (_level, message) => logged.push(message))
    const reply = await route('storage.state', {})
    expect(reply.ok).toBe(false)
    if (reply.ok) return
    expect(reply.error.code).toBe('UNAVAILABLE')
    expect(reply.error.phrase?.id).toBe('storage.busy')
    expect(reply.error.message).toMatch(/held by another connection/)
    expect(logged.join('\n')).toMatch(/storage: database is locked/)
  })
})
