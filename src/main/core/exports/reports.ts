/**
 * Delivery reports of a period as a workbook of a sheet each: messages by day and profile,
 * failure reasons by day, delivery by mobile operator, and spend by day and profile. The same
 * figures the screen shows (History's trends and spend reads, in its worker), days in the
 * operator's time, headers and reasons in the operator's language, counts, rates and amounts as
 * numbers.
 */
import { profileLabel } from '../../../shared/constants'
import type { ExportSource } from '../../../shared/calls/exports'
import type { CsvValue } from '../../../shared/csv-write'
import { reasonText } from '../../../shared/reason-text'
import type { CoreContext } from '../context'
import { readTrends } from '../history/trends'
import type { Column, Table } from './table'

type Lang = 'en' | 'ru'
type Kind = Column['kind']

const text = (value: string): CsvValue => ({ value, guard: true })
const own = (value: string): CsvValue => ({ value, guard: false })
const num = (n: number): CsvValue => ({ value: String(n), guard: false })

/** A share of the decided: delivered of delivered and failed, as the screen counts it. */
const rate = (delivered: number, failed: number): CsvValue =>
  delivered + failed === 0 ? own('') : num(delivered / (delivered + failed))

const RATE = '0.0%'
const AMOUNT = '0.00##'

/** A sheet's columns: its header in each language, what it holds, its width. */
type Spec = [en: string, ru: string, kind: Kind, width: number, numFmt?: string]

const SHEETS = {
  volume: {
    name: { en: 'Volume by day', ru: 'Сообщения по дням' },
    columns: [
      ['Day', 'День', 'text', 12],
      ['Profile', 'Профиль', 'text', 30],
      ['Sent', 'Отправлено', 'number', 12],
      ['Delivered', 'Доставлено', 'number', 12],
      ['Failed', 'Не доставлено', 'number', 14],
      ['Delivery rate', 'Доля доставленных', 'number', 18, RATE],
    ],
  },
  reasons: {
    name: { en: 'Failure reasons', ru: 'Причины недоставки' },
    columns: [
      ['Day', 'День', 'text', 12],
      ['Reason', 'Причина', 'text', 60],
      ['Code', 'Код', 'text', 22],
      ['Count', 'Количество', 'number', 12],
    ],
  },
  operators: {
    name: { en: 'Operators', ru: 'Операторы' },
    columns: [
      ['Operator', 'Оператор', 'text', 24],
      ['Code', 'Код', 'text', 8],
      ['Sent', 'Отправлено', 'number', 12],
      ['Delivered', 'Доставлено', 'number', 12],
      ['Failed', 'Не доставлено', 'number', 14],
      ['Delivery rate', 'Доля доставленных', 'number', 18, RATE],
    ],
  },
  spend: {
    name: { en: 'Spend', ru: 'Расходы' },
    columns: [
      ['Day', 'День', 'text', 12],
      ['Profile', 'Профиль', 'text', 30],
      ['Messages', 'Сообщений', 'number', 12],
      ['Amount', 'Списано', 'number', 14, AMOUNT],
    ],
  },
} satisfies Record<string, { name: Record<Lang, string>; columns: Spec[] }>

const UNKNOWN_OPERATOR: Record<Lang, string> = { en: 'Not known', ru: 'Не известен' }

function sheet(
  spec: { name: Record<Lang, string>; columns: Spec[] },
  lang: Lang,
  rows: CsvValue[][],
) {
  return {
    sheet: spec.name[lang],
    columns: spec.columns.map(([en, ru, kind, width, numFmt]): Column => ({
      header: lang === 'ru' ? ru : en,
      kind,
      width,
      ...(numFmt ? { numFmt } : {}),
    })),
    // A period's figures are a few thousand rows at most: one chunk.
    rows: (async function* () {
      yield rows
    })(),
  } satisfies Table
}

export async function reportsTables(
  ctx: CoreContext,
  source: Extract<ExportSource, { list: 'reports' }>,
  o: { lang: Lang; tzOffsetMinutes: number },
): Promise<Table[]> {
  const { list: _list, ...period } = source
  const q = { ...period, tzOffsetMinutes: o.tzOffsetMinutes }
  const [trends, spend, profiles] = await Promise.all([
    readTrends(ctx.history, q),
    ctx.history.spend(q),
    ctx.profiles.list(),
  ])
  const byId = new Map(profiles.map((p) => [p.id, p]))
  const profile = (id: string) => {
    const p = byId.get(id)
    return text(p ? profileLabel(p, o.lang) : id)
  }
  const byDay = <T extends { day: string }>(a: T, b: T) =>
    a.day < b.day ? -1 : a.day > b.day ? 1 : 0

  return [
    sheet(
      SHEETS.volume,
      o.lang,
      trends.days.map((d) => [
        own(d.day),
        profile(d.profileId),
        num(d.sent),
        num(d.delivered),
        num(d.failed),
        rate(d.delivered, d.failed),
      ]),
    ),
    sheet(
      SHEETS.reasons,
      o.lang,
      [...trends.reasons]
        .sort((a, b) => byDay(a, b) || b.count - a.count)
        .map((r) => [
          own(r.day),
          text(reasonText(r.error, o.lang, r.errorCode)),
          text(r.errorCode ?? ''),
          num(r.count),
        ]),
    ),
    sheet(
      SHEETS.operators,
      o.lang,
      trends.operators.map((op) => [
        text(op.name || UNKNOWN_OPERATOR[o.lang]),
        own(op.code ? `+${op.code}` : ''),
        num(op.sent),
        num(op.delivered),
        num(op.failed),
        rate(op.delivered, op.failed),
      ]),
    ),
    sheet(
      SHEETS.spend,
      o.lang,
      // Oldest first, as the other sheets (the screen lists the newest first).
      [...spend]
        .sort((a, b) => byDay(a, b) || (a.profileId < b.profileId ? -1 : 1))
        .map((r) => [own(r.day), profile(r.profileId), num(r.messages), num(r.amount)]),
    ),
  ]
}
