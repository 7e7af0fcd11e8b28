// A bulk send to a group of 100k contacts, until every message is queued: the console's way
// (the group as the import's file, every row checked for the summary — numbers, stop-list,
// duplicates, the provider's rule, the template with the contacts' fields — then queued as one
// batch) against the anchor: one INSERT … SELECT from the group's members into the same
// messages table, the text made in SQL, nothing checked. Same database, same run. Prints JSON;
// ratio = the anchor's time ÷ the console's.
//   npx tsx bench/group-send.ts [contacts]
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ImportService } from '../src/main/core/imports/service'
import { ContactStore } from '../src/main/core/contacts/store'
import { checkAndQueue, importContext } from './import-context'

const TEMPLATE = '{name}, ваш долг {Долг} сомони. Оплатите до {Срок}.'

async function main() {
  const contacts = Number(process.argv[2] ?? 100_000)
  const dir = mkdtempSync(join(tmpdir(), 'bench-group-'))
  try {
    const { ctx, db } = await importContext(dir)
    const store = new ContactStore(db)
    const group = store.saveGroup({ name: 'Должники' })
    if ('refused' in group) throw new Error('no group')
    const names = ['Фарход', 'Дильноза', 'Рустам', 'Зарина', 'Олим']
    for (let i = 0; i < contacts; i += 5000) {
      const rows = []
      for (let j = i; j < Math.min(contacts, i + 5000); j++) {
        rows.push({
          phone: `99290${String(j).padStart(7, '0')}`,
          name: names[j % names.length]!,
          fields: { Долг: String(100 + (j % 900)), Срок: '15.12.2026' },
        })
      }
      store.merge(rows, group.id, null)
    }

    // The anchor: the same messages straight from the members, nothing checked.
    const anchorStart = performance.now()
    const inserted = db
      .prepare(
        `INSERT INTO messages (idempotency_key, profile_id, sender, phone, text, encoding, parts,
           state, priority, next_attempt_at, created_at, updated_at)
         SELECT 'raw:' || c.phone, 'sandbox', 'Bench', c.phone,
           c.name || ', ваш долг ' || json_extract(c.fields, '$.Долг') || ' сомони. Оплатите до '
             || json_extract(c.fields, '$.Срок') || '.', 'UCS2', 1, 'queued', 1, 0, 0, 0
         FROM contact_group_members m JOIN contacts c ON c.phone = m.phone
         WHERE m.group_id = ?`,
      )
      .run(group.id).changes
    const anchorMs = performance.now() - anchorStart
    if (inserted !== contacts) throw new Error(`the anchor inserted ${inserted} of ${contacts}`)
    db.prepare(`DELETE FROM messages WHERE idempotency_key LIKE 'raw:%'`).run()

    const service = new ImportService(ctx)
    const start = performance.now()
    const analysis = await service.fromContacts({ groupId: group.id }, 'Группа «Должники»')
    const listed = performance.now()
    const { checkedAt: checked } = await checkAndQueue(service, analysis, TEMPLATE, contacts)
    const queued = performance.now()
    service.close()
    await ctx.history.close()
    db.close()
    const ms = queued - start
    process.stdout.write(
      `${JSON.stringify(
        {
          contacts,
          console: {
            ms: Math.round(ms),
            perSec: Math.round(contacts / (ms / 1000)),
            listMs: Math.round(listed - start),
            checkMs: Math.round(checked - listed),
            queueMs: Math.round(queued - checked),
          },
          anchor: { ms: Math.round(anchorMs), perSec: Math.round(contacts / (anchorMs / 1000)) },
          // The anchor's time ÷ the console's: 1 would be as fast as one INSERT … SELECT.
          ratio: Math.round((anchorMs / ms) * 100) / 100,
        },
        null,
        2,
      )}\n`,
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

void main()
