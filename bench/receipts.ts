// Submit answers and delivery reports applied through the outbox vs a raw lookup + insert +
// update of the same rows, in groups of 500, on the same database in the same run (the two
// take turns group by group). Prints JSON. Run: npx tsx bench/receipts.ts [messages]
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase } from '../src/main/core/db/database'
import { Outbox, type NewMessage, type SubmitResult } from '../src/main/core/outbox/outbox'
import { ProfileStore } from '../src/main/core/profiles/profiles'
import { messageIdKeys, normaliseMessageId } from '../src/main/core/providers/smpp/receipt'
import type { DeliveryReceipt } from '../src/main/core/providers/types'
import { sandboxProfiles } from '../src/main/core/profiles/input'

/** Messages per side: the outbox gets as many as the raw statements. */
const N = Number(process.argv[2] ?? 50_000)
const GROUP = 500
const PROFILE = 'sandbox'

const dir = mkdtempSync(join(tmpdir(), 'bench-receipts-'))
const db = openDatabase(join(dir, 'console.db'))
new ProfileStore(db).ensureSandbox(sandboxProfiles())
const outbox = new Outbox(db, { idKeys: messageIdKeys, ownKey: normaliseMessageId })

// 2N messages, all claimed (`sending`): the first N are the outbox's, the rest the raw side's.
const seed: NewMessage[] = []
for (let i = 0; i < 2 * N; i++) {
  seed.push({
    profileId: PROFILE,
    sender: 'InfoDesk',
    phone: `7701${String(i).padStart(7, '0')}`,
    text: `Ваш код ${i}`,
    priority: 1,
  })
}
for (let i = 0; i < seed.length; i += 10_000) outbox.enqueueMany(seed.slice(i, i + 10_000))
const ids: number[] = []
for (;;) {
  const { claimed } = outbox.claimDue(PROFILE, 5000)
  if (claimed.length === 0) break
  for (const c of claimed) ids.push(c.id)
}
ids.sort((a, b) => a - b)
const mine = ids.slice(0, N)
const theirs = ids.slice(N, 2 * N)
// SMPP ids as an SMSC gives them (hex), one per message.
const smscId = (id: number) => (0x5a000000 + id).toString(16).toUpperCase()

const raw = {
  state: db.prepare('SELECT state FROM messages WHERE id = ?'),
  accept:
    db.prepare(`UPDATE messages SET state = 'accepted', provider_ids = ?, parts = MAX(parts, ?),
    error = NULL, error_code = NULL, next_poll_at = NULL, updated_at = ? WHERE id = ?`),
  insertKey: db.prepare(
    'INSERT OR IGNORE INTO message_provider_ids (profile_id, provider_id, message_id) VALUES (?, ?, ?)',
  ),
  lookup: db.prepare(`SELECT message_id FROM message_provider_ids
    WHERE profile_id = ? AND provider_id = ? ORDER BY message_id DESC LIMIT 1`),
  insertReceipt: db.prepare(`INSERT INTO delivery_receipts
    (profile_id, provider_id, message_id, outcome, stat, err, raw, received_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
  deliver: db.prepare(`UPDATE messages SET state = 'delivered', error = NULL, error_code = NULL,
    next_poll_at = NULL, updated_at = ? WHERE id = ? AND state IN ('accepted', 'uncertain')`),
}

const rawResults = db.transaction((group: readonly number[]) => {
  const now = Date.now()
  for (const id of group) {
    const row = raw.state.get(id) as { state: string } | undefined
    if (row?.state !== 'sending') continue
    const key = smscId(id).toLowerCase()
    raw.accept.run(JSON.stringify([key]), 1, now, id)
    raw.insertKey.run(PROFILE, key, id)
  }
})

const rawReceipts = db.transaction((group: readonly DeliveryReceipt[]) => {
  const now = Date.now()
  for (const r of group) {
    const hit = raw.lookup.get(PROFILE, r.providerId) as { message_id: number } | undefined
    const messageId = hit?.message_id ?? null
    raw.insertReceipt.run(
      PROFILE,
      r.providerId,
      messageId,
      r.outcome,
      r.stat,
      r.err,
      r.raw,
      r.receivedAt,
    )
    if (messageId !== null) raw.deliver.run(now, messageId)
  }
})

const receiptOf = (id: number): DeliveryReceipt => {
  const providerId = smscId(id).toLowerCase()
  return {
    providerId,
    outcome: 'delivered',
    stat: 'DELIVRD',
    err: '000',
    hlr: null,
    raw: `id:${providerId} sub:001 dlvrd:001 submit date:2601151230 done date:2601151231 stat:DELIVRD err:000 text:Ваш код`,
    receivedAt: Date.now(),
  }
}

/** Runs both sides group by group, each timed on its own; messages or rows per second. */
function race<T>(
  a: readonly T[],
  b: readonly T[],
  viaOutbox: (group: readonly T[]) => number,
  anchor: (group: readonly T[]) => void,
): { console: number; anchor: number; ratio: number; changed: number } {
  let consoleMs = 0
  let anchorMs = 0
  let changed = 0
  for (let i = 0; i < a.length; i += GROUP) {
    let t = performance.now()
    changed += viaOutbox(a.slice(i, i + GROUP))
    consoleMs += performance.now() - t
    t = performance.now()
    anchor(b.slice(i, i + GROUP))
    anchorMs += performance.now() - t
  }
  const perSec = (ms: number) => Math.round((a.length / ms) * 1000)
  return {
    console: perSec(consoleMs),
    anchor: perSec(anchorMs),
    ratio: Math.round((anchorMs / consoleMs) * 100) / 100,
    changed,
  }
}

const results = race(
  mine,
  theirs,
  (group) =>
    outbox.applyResults(
      PROFILE,
      group.map((id): SubmitResult => ({
        id,
        outcome: { kind: 'accepted', providerIds: [smscId(id)], parts: 1 },
      })),
    ).length,
  rawResults,
)

const receipts = race(
  mine.map(receiptOf),
  theirs.map(receiptOf),
  (group) => outbox.applyReceipts(PROFILE, group).length,
  rawReceipts,
)

const delivered = db
  .prepare(`SELECT COUNT(*) AS n FROM messages WHERE state = 'delivered'`)
  .get() as { n: number }

process.stdout.write(
  `${JSON.stringify(
    {
      messages: N,
      group: GROUP,
      sqlite: (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v,
      // Messages per second; ratio = the outbox's rate ÷ the raw statements' rate.
      submitResults: results,
      receipts,
      // Both sides must have done the whole job.
      delivered: delivered.n,
    },
    null,
    2,
  )}\n`,
)

db.close()
rmSync(dir, { recursive: true, force: true })
