/**
 * A period's trends as Delivery reports show and export them: History's counts by day and
 * profile and failure reasons by day (read in History's worker), and delivery by mobile
 * operator, each range's operator named here from the numbering plan's data.
 */
import { carrierOf } from '../numbering/carriers'
import type { HistoryReader } from './reader'

export type TrendsQuery = Parameters<HistoryReader['trends']>[0]

export interface OperatorTrend {
  /** The calling code, or '' when the range's operator is not known. */
  code: string
  name: string
  sent: number
  delivered: number
  failed: number
}

export async function readTrends(reads: Pick<HistoryReader, 'trends'>, q: TrendsQuery) {
  const { days, reasons, prefixes } = await reads.trends(q)
  // A range's operator, named from the numbering plan's data; unknown ranges together.
  const byOperator = new Map<string, OperatorTrend>()
  for (const p of prefixes) {
    const op = carrierOf(p.prefix) ?? { code: '', name: '' }
    const key = `${op.code}:${op.name}`
    const o = byOperator.get(key) ?? { ...op, sent: 0, delivered: 0, failed: 0 }
    o.sent += p.sent
    o.delivered += p.delivered
    o.failed += p.failed
    byOperator.set(key, o)
  }
  const operators = [...byOperator.values()].sort((a, b) => b.sent - a.sent)
  return { days, reasons, operators }
}
