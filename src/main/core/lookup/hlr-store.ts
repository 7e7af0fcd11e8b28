/**
 * HLR requests and their answers. A request is an outbox message (text `__HLR__`); its
 * answers are hlr_results, which this store owns: it writes them as their receipts arrive
 * (within the outbox's transaction that stores the receipts) and reads them for the views.
 * Nothing else builds SQL for hlr_results.
 */
import type { MessageState } from '../../../shared/contract'
import type { HlrRow, HlrStatus } from '../../../shared/calls/lookup'
import { HLR_TEXT } from '../../../shared/constants'
import type { Db } from '../db/database'
import type { HlrResult } from '../providers/types'

/** SQL: the row of `messages` aliased `table` is a message, not an HLR lookup. */
export const notLookup = (table: string) => `${table}.text <> '${HLR_TEXT}'`
/** SQL: the row of `messages` aliased `table` is an HLR lookup (messages_hlr finds these). */
export const isLookup = (table: string) => `${table}.text = '${HLR_TEXT}'`

export interface HlrFilter {
  profileId?: string
  /** Digits to find anywhere in the number. */
  phone?: string
  status?: HlrStatus
  offset?: number
  limit?: number
}

/** A request with its latest answer, as both databases give it (COLUMNS). */
export interface HlrRequestRow {
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

/**
 * The request's status rule, its latest answer and the columns read: SQL both databases run,
 * so a team server lists HLR requests exactly as a workstation does.
 */
export const HLR_SQL = { status: STATUS, from: FROM, columns: COLUMNS } as const

/** An HLR answer as its receipt brought it; the request's message when it is known. */
export interface HlrAnswer {
  messageId: number | null
  /** The provider id the answer came under (its canonical key). */
  providerId: string
  stat: string
  err: string | null
  hlr: HlrResult
  raw: string
  receivedAt: number
}

/** An answer that came before its request's submit answer: the request now known by `key`. */
export interface HlrAdoption {
  messageId: number
  key: string
  /** The provider id form the early answer may be stored under. */
  candidate: string
}

export class HlrStore {
  private readonly s

  constructor(db: Db) {
    this.s = {
      // The request's phone is kept with each answer, so a lookup by number finds it.
      insert: db.prepare(`INSERT INTO hlr_results
        (profile_id, message_id, phone, provider_id, stat, err, imsi, msc, mcc, mnc, cn, net, rcn, rnet, raw, received_at)
        SELECT @profileId, a.value ->> 'messageId',
          (SELECT phone FROM messages WHERE id = a.value ->> 'messageId'),
          a.value ->> 'providerId', a.value ->> 'stat', a.value ->> 'err',
          a.value ->> '$.hlr.imsi', a.value ->> '$.hlr.msc', a.value ->> '$.hlr.mcc',
          a.value ->> '$.hlr.mnc', a.value ->> '$.hlr.cn', a.value ->> '$.hlr.net',
          a.value ->> '$.hlr.rcn', a.value ->> '$.hlr.rnet', a.value ->> 'raw',
          a.value ->> 'receivedAt'
        FROM json_each(@answers) a ORDER BY a.key`),
      adopt: db.prepare(`UPDATE hlr_results SET
          message_id = (SELECT a.value ->> 'messageId' FROM json_each(@adoptions) AS a
            WHERE a.value ->> 'candidate' = hlr_results.provider_id),
          phone = (SELECT m.phone FROM json_each(@adoptions) AS a
            JOIN messages m ON m.id = a.value ->> 'messageId'
            WHERE a.value ->> 'candidate' = hlr_results.provider_id),
          provider_id = (SELECT a.value ->> 'key' FROM json_each(@adoptions) AS a
            WHERE a.value ->> 'candidate' = hlr_results.provider_id)
        WHERE profile_id = @profileId AND message_id IS NULL
          AND provider_id IN (SELECT value ->> 'candidate' FROM json_each(@adoptions))`),
      page: db.prepare(
        `SELECT ${COLUMNS} ${FROM} ${FILTER} ORDER BY m.id DESC LIMIT @limit OFFSET @offset`,
      ),
      count: db.prepare(`SELECT count(*) AS n ${FROM} ${FILTER}`),
      byId: db.prepare(`SELECT ${COLUMNS} ${FROM} AND m.id = ?`),
    }
  }

  /** Stores answers as they arrived (in the caller's transaction). */
  record(profileId: string, answers: readonly HlrAnswer[]): void {
    if (answers.length === 0) return
    this.s.insert.run({ profileId, answers: JSON.stringify(answers) })
  }

  /**
   * Answers stored before their request was known take it now. Each candidate appears once:
   * the caller gives it to the first request that claims it.
   */
  adopt(profileId: string, adoptions: readonly HlrAdoption[]): void {
    if (adoptions.length === 0) return
    this.s.adopt.run({ profileId, adoptions: JSON.stringify(adoptions) })
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
    }) as HlrRequestRow[]
    const { n } = this.s.count.get(params) as { n: number }
    return { rows: rows.map(toHlrRow), total: n }
  }

  /** The given requests that are HLR requests, in the order asked. */
  get(messageIds: readonly number[]): HlrRow[] {
    return messageIds
      .map((id) => this.s.byId.get(id) as HlrRequestRow | undefined)
      .filter((r): r is HlrRequestRow => r !== undefined)
      .map(toHlrRow)
  }
}

export function toHlrRow(r: HlrRequestRow): HlrRow {
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
