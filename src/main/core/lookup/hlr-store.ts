/**
 * HLR requests and their answers, read from the outbox's messages (text `__HLR__`) and the
 * answers the outbox stores in hlr_results. Nothing else builds SQL for HLR views.
 */
import type { MessageState } from '../../../shared/contract'
import type { HlrRow, HlrStatus } from '../../../shared/calls/lookup'
import type { Db } from '../db/database'

export const HLR_TEXT = '__HLR__'

export interface HlrFilter {
  profileId?: string
  /** Digits to find anywhere in the number. */
  phone?: string
  status?: HlrStatus
  offset?: number
  limit?: number
}

interface Row {
  message_id: number
  profile_id: string
  phone: string
  state: MessageState
  error: string | null
  created_at: number
  status: HlrStatus
  stat: string | null
  err: string | null
  imsi: string | null
  msc: string | null
  mcc: string | null
  mnc: string | null
  cn: string | null
  net: string | null
  rcn: string | null
  rnet: string | null
  received_at: number | null
}

// A request that ended without an answer (failed, expired, cancelled, or sent with no reply)
// is failed; one with an answer or delivered is answered; the rest still wait.
const STATUS = `CASE
  WHEN m.state IN ('failed','expired','cancelled','uncertain') THEN 'failed'
  WHEN h.id IS NOT NULL OR m.state = 'delivered' THEN 'answered'
  ELSE 'pending' END`

// The latest answer per request: a provider may report twice.
const FROM = `FROM messages m
  LEFT JOIN hlr_results h ON h.id = (SELECT max(id) FROM hlr_results WHERE message_id = m.id)
  WHERE m.text = '${HLR_TEXT}'`

const FILTER = `
  AND (@profileId IS NULL OR m.profile_id = @profileId)
  AND (@phone IS NULL OR instr(m.phone, @phone) > 0)
  AND (@status IS NULL OR (${STATUS}) = @status)`

const COLUMNS = `m.id AS message_id, m.profile_id, m.phone, m.state, m.error, m.created_at,
  ${STATUS} AS status, h.stat, h.err, h.imsi, h.msc, h.mcc, h.mnc, h.cn, h.net, h.rcn, h.rnet,
  h.received_at`

export class HlrStore {
  private readonly s

  constructor(db: Db) {
    this.s = {
      page: db.prepare(
        `SELECT ${COLUMNS} ${FROM} ${FILTER} ORDER BY m.id DESC LIMIT @limit OFFSET @offset`,
      ),
      count: db.prepare(`SELECT count(*) AS n ${FROM} ${FILTER}`),
      byId: db.prepare(`SELECT ${COLUMNS} ${FROM} AND m.id = ?`),
    }
  }

  page(filter: HlrFilter): { rows: HlrRow[]; total: number } {
    const params = {
      profileId: filter.profileId ?? null,
      phone: filter.phone ? filter.phone.replace(/\D/g, '') || null : null,
      status: filter.status ?? null,
    }
    const rows = this.s.page.all({
      ...params,
      limit: filter.limit ?? 100,
      offset: filter.offset ?? 0,
    }) as Row[]
    const { n } = this.s.count.get(params) as { n: number }
    return { rows: rows.map(toHlrRow), total: n }
  }

  /** The given requests that are HLR requests, in the order asked. */
  get(messageIds: readonly number[]): HlrRow[] {
    return messageIds
      .map((id) => this.s.byId.get(id) as Row | undefined)
      .filter((r): r is Row => r !== undefined)
      .map(toHlrRow)
  }
}

function toHlrRow(r: Row): HlrRow {
  return {
    messageId: r.message_id,
    profileId: r.profile_id,
    phone: r.phone,
    status: r.status,
    state: r.state,
    error: r.error,
    stat: r.stat,
    err: r.err,
    imsi: r.imsi,
    msc: r.msc,
    mcc: r.mcc,
    mnc: r.mnc,
    cn: r.cn,
    net: r.net,
    rcn: r.rcn,
    rnet: r.rnet,
    requestedAt: r.created_at,
    answeredAt: r.received_at,
  }
}
