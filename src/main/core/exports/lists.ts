/**
 * The lists an export can write, each read from where it lives a chunk at a time: History's
 * messages (from History's reader, its filter as the screen has it), the stop-list (by number),
 * HLR results (newest first, filtered as the screen has them) and a team server's audit trail.
 */
import type { ExportSource } from '../../../shared/calls/exports'
import type { StopListEntry } from '../../../shared/calls/imports'
import type { HlrRow } from '../../../shared/calls/lookup'
import type { CsvValue } from '../../../shared/csv-write'
import type { CoreContext } from '../context'
import {
  HISTORY_NUMBER_COLUMNS,
  HISTORY_PHONE_COLUMN,
  historyFields,
  historyHeader,
  localTime,
} from '../history/query'
import { auditTable } from './audit'
import { reportsTables } from './reports'
import type { Column, Table } from './table'

type Lang = 'en' | 'ru'

/** Rows read from a list's store at a time. */
const READ_ROWS = 2000
/** The HLR store answers at most this many rows a page. */
const HLR_ROWS = 500

const text = (value: string): CsvValue => ({ value, guard: true })
const own = (value: string): CsvValue => ({ value, guard: false })

export async function tableOf(
  ctx: CoreContext,
  source: ExportSource,
  o: { lang: Lang; tzOffsetMinutes: number },
): Promise<Table | Table[]> {
  switch (source.list) {
    case 'history':
      return historyTable(ctx, source.filter, o)
    case 'stoplist':
      return stopListTable(ctx, source, o)
    case 'hlr':
      return hlrTable(ctx, source, o)
    case 'contacts':
      return contactsTable(ctx, source.filter, o.lang)
    case 'reports':
      return reportsTables(ctx, source, o)
    case 'audit':
      return auditTable(ctx, source.filter, o)
  }
}

const CONTACT_HEADERS: Record<Lang, string[]> = {
  en: ['Phone', 'Name', 'Notes', 'Tags', 'Groups'],
  ru: ['Телефон', 'Имя', 'Заметки', 'Метки', 'Группы'],
}

/** Contacts with a column per field any of them has, after the fixed ones. */
async function contactsTable(
  ctx: CoreContext,
  filter: Extract<ExportSource, { list: 'contacts' }>['filter'],
  lang: Lang,
): Promise<Table> {
  const widths = [16, 24, 30, 20, 20]
  const fields = await ctx.contacts.fieldNames(filter)
  const columns: Column[] = [
    ...CONTACT_HEADERS[lang].map((header, i): Column => ({
      header,
      kind: i === 0 ? 'phone' : 'text',
      width: widths[i] ?? 16,
    })),
    ...fields.map((header): Column => ({ header, kind: 'text', width: 16 })),
  ]
  return {
    sheet: lang === 'ru' ? 'Контакты' : 'Contacts',
    columns,
    rows: (async function* () {
      const groups = new Map((await ctx.contacts.groups()).map((g) => [g.id, g.name]))
      let after = ''
      for (;;) {
        const chunk = await ctx.contacts.chunk(filter, after, READ_ROWS)
        if (chunk.length > 0) {
          yield chunk.map((c) => [
            text(c.phone),
            text(c.name),
            text(c.notes),
            text(c.tags.join(', ')),
            text(
              c.groups
                .map((g) => groups.get(g) ?? '')
                .filter(Boolean)
                .join(', '),
            ),
            ...fields.map((f) => text(c.fields[f] ?? '')),
          ])
        }
        const last = chunk.at(-1)
        if (chunk.length < READ_ROWS || !last) return
        after = last.phone
      }
    })(),
  }
}

function historyTable(
  ctx: CoreContext,
  filter: Extract<ExportSource, { list: 'history' }>['filter'],
  o: { lang: Lang; tzOffsetMinutes: number },
): Table {
  const widths = [8, 20, 20, 18, 8, 12, 16, 60, 10, 7, 14, 30, 24]
  return {
    // Excel reserves the name "History".
    sheet: o.lang === 'ru' ? 'Сообщения' : 'Messages',
    columns: historyHeader(o.lang).map((header, i) => ({
      header,
      kind: HISTORY_NUMBER_COLUMNS.has(i)
        ? 'number'
        : i === HISTORY_PHONE_COLUMN
          ? 'phone'
          : 'text',
      width: widths[i] ?? 12,
    })),
    rows: (async function* () {
      const names = Object.fromEntries((await ctx.profiles.list()).map((p) => [p.id, p.name]))
      let before: number | undefined
      for (;;) {
        const page = await ctx.history.page(
          filter,
          before === undefined ? undefined : { before },
          READ_ROWS,
        )
        if (page.length > 0) {
          yield page.map((m) =>
            historyFields(m, { ...o, profileName: names[m.profileId] ?? m.profileId }),
          )
        }
        const last = page.at(-1)
        if (page.length < READ_ROWS || !last) return
        before = last.id
      }
    })(),
  }
}

const STOP_COLUMNS: Record<Lang, Column[]> = {
  en: [
    { header: 'Phone', kind: 'phone', width: 16 },
    { header: 'Applies to', kind: 'text', width: 24 },
    { header: 'Note', kind: 'text', width: 40 },
    { header: 'Added', kind: 'text', width: 20 },
  ],
  ru: [
    { header: 'Телефон', kind: 'phone', width: 16 },
    { header: 'Действует для', kind: 'text', width: 24 },
    { header: 'Заметка', kind: 'text', width: 40 },
    { header: 'Добавлен', kind: 'text', width: 20 },
  ],
}

const EVERY_PROFILE: Record<Lang, string> = { en: 'All profiles', ru: 'Все профили' }

/** The stop-list (or one scope's entries of it) by number, each with whom it holds for. */
async function stopListTable(
  ctx: CoreContext,
  source: Extract<ExportSource, { list: 'stoplist' }>,
  o: { lang: Lang; tzOffsetMinutes: number },
): Promise<Table> {
  const names = new Map((await ctx.profiles.list()).map((p) => [p.id, p.name]))
  const scope = (id: string) => (id === '' ? EVERY_PROFILE[o.lang] : (names.get(id) ?? id))
  const fields = (r: StopListEntry): CsvValue[] => [
    text(r.phone),
    text(scope(r.profileId)),
    text(r.note ?? ''),
    own(localTime(r.addedAt, o.tzOffsetMinutes)),
  ]
  return {
    sheet: o.lang === 'ru' ? 'Стоп-лист' : 'Stop-list',
    columns: STOP_COLUMNS[o.lang],
    rows: (async function* () {
      let after: StopListEntry | null = null
      for (;;) {
        const chunk = await ctx.imports.stopList.chunk(after, READ_ROWS, source.profileId ?? null)
        if (chunk.length > 0) yield chunk.map(fields)
        const last = chunk.at(-1)
        if (chunk.length < READ_ROWS || !last) return
        after = last
      }
    })(),
  }
}

const HLR_HEADERS: Record<Lang, string[]> = {
  en: [
    'Phone',
    'Status',
    'Country',
    'Operator',
    'Roaming country',
    'Roaming operator',
    'MCC',
    'MNC',
    'IMSI',
    'MSC',
    'Error',
    'Asked',
    'Answered',
    'Profile',
  ],
  ru: [
    'Телефон',
    'Статус',
    'Страна',
    'Оператор',
    'Страна роуминга',
    'Оператор роуминга',
    'MCC',
    'MNC',
    'IMSI',
    'MSC',
    'Ошибка',
    'Запрошено',
    'Ответ',
    'Профиль',
  ],
}

const HLR_STATUS: Record<Lang, Record<HlrRow['status'], string>> = {
  en: { pending: 'Waiting', answered: 'Answered', failed: 'Failed' },
  ru: { pending: 'Ждёт ответа', answered: 'Ответ получен', failed: 'Ошибка' },
}

function hlrTable(
  ctx: CoreContext,
  source: Extract<ExportSource, { list: 'hlr' }>,
  o: { lang: Lang; tzOffsetMinutes: number },
): Table {
  const { list: _list, ...filter } = source
  const widths = [16, 14, 16, 20, 16, 20, 6, 6, 18, 14, 24, 20, 20, 18]
  return {
    sheet: 'HLR',
    columns: HLR_HEADERS[o.lang].map((header, i) => ({
      header,
      kind: i === 0 ? 'phone' : 'text',
      width: widths[i] ?? 12,
    })),
    rows: (async function* () {
      const names = Object.fromEntries((await ctx.profiles.list()).map((p) => [p.id, p.name]))
      // Newest first, by id: rows that arrive meanwhile push the pages down; a row read twice
      // (it moved to the next page) is written once, and none written is newer than the first.
      let below = Number.POSITIVE_INFINITY
      for (let offset = 0; ; offset += HLR_ROWS) {
        const page = await ctx.lookup.hlrPage({ ...filter, offset, limit: HLR_ROWS })
        const rows = page.rows.filter((r) => r.messageId < below)
        below = Math.min(below, ...rows.map((r) => r.messageId))
        if (rows.length > 0) {
          yield rows.map((r) => [
            own(r.phone),
            own(HLR_STATUS[o.lang][r.status]),
            text(r.cn ?? ''),
            text(r.net ?? ''),
            text(r.rcn ?? ''),
            text(r.rnet ?? ''),
            text(r.mcc ?? ''),
            text(r.mnc ?? ''),
            text(r.imsi ?? ''),
            text(r.msc ?? ''),
            text(r.error ?? r.err ?? ''),
            own(localTime(r.requestedAt, o.tzOffsetMinutes)),
            own(r.answeredAt === null ? '' : localTime(r.answeredAt, o.tzOffsetMinutes)),
            text(names[r.profileId] ?? r.profileId),
          ])
        }
        if (page.rows.length < HLR_ROWS) return
      }
    })(),
  }
}
