/**
 * A team server's audit trail as a file: the entries the screen's filters find, newest first,
 * each with when (the operator's time), who, with which role, from where, what, to what, how
 * it ended and the rest of what was kept. Entries recorded while it is written are left for
 * the next export: the pages go down from the newest entry there was when it began.
 */
import type { ExportSource } from '../../../shared/calls/exports'
import type { CsvValue } from '../../../shared/csv-write'
import { trailOf } from '../api/team'
import type { CoreContext } from '../context'
import { localTime } from '../history/query'
import { MAX_AUDIT_PAGE, type AuditEntry, type Json } from '../team/audit'
import type { Role } from '../team/roles'
import type { Table } from './table'

type Lang = 'en' | 'ru'

const text = (value: string): CsvValue => ({ value, guard: true })
const own = (value: string): CsvValue => ({ value, guard: false })

const HEADERS: Record<Lang, string[]> = {
  en: ['Time', 'User', 'Role', 'Address', 'Action', 'Target', 'Outcome', 'Details'],
  ru: ['Время', 'Пользователь', 'Роль', 'Адрес', 'Действие', 'Объект', 'Итог', 'Подробности'],
}
const WIDTHS = [20, 18, 14, 16, 24, 24, 14, 60]

const ROLE_NAMES: Record<Lang, Record<Role, string>> = {
  en: { agent: 'Agent', supervisor: 'Supervisor', administrator: 'Administrator' },
  ru: { agent: 'Агент', supervisor: 'Супервизор', administrator: 'Администратор' },
}

/** What the server did by itself, where a user's name would be. */
const SERVER: Record<Lang, string> = { en: '(server)', ru: '(сервер)' }
const DONE: Record<Lang, string> = { en: 'done', ru: 'выполнено' }

export async function auditTable(
  ctx: CoreContext,
  filter: Extract<ExportSource, { list: 'audit' }>['filter'],
  o: { lang: Lang; tzOffsetMinutes: number },
): Promise<Table> {
  // Refused before any file is made, on a console that keeps no trail.
  const trail = trailOf(ctx)
  const fields = (e: AuditEntry): CsvValue[] => {
    const { outcome, ...rest } = e.details
    return [
      own(localTime(e.at, o.tzOffsetMinutes)),
      text(e.user ?? SERVER[o.lang]),
      own(e.role ? ROLE_NAMES[o.lang][e.role] : ''),
      text(e.from ?? ''),
      text(e.action),
      text(e.target ?? ''),
      text(outcomeText(outcome, o.lang)),
      text(Object.keys(rest).length ? JSON.stringify(rest) : ''),
    ]
  }
  return {
    sheet: o.lang === 'ru' ? 'Журнал действий' : 'Audit trail',
    columns: HEADERS[o.lang].map((header, i) => ({
      header,
      kind: 'text',
      width: WIDTHS[i] ?? 16,
    })),
    rows: (async function* () {
      let before: number | undefined
      for (;;) {
        const page = await trail.search({ ...filter, before, limit: MAX_AUDIT_PAGE })
        if (page.entries.length > 0) yield page.entries.map(fields)
        const last = page.entries.at(-1)
        if (!page.more || !last) return
        before = last.id
      }
    })(),
  }
}

function outcomeText(outcome: Json | undefined, lang: Lang): string {
  if (outcome === undefined || outcome === null) return ''
  return outcome === 'done' ? DONE[lang] : String(outcome)
}
