/**
 * Delivery and HLR receipts as SMSC sends them in deliver_sm: the `id:… stat:… err:…` text
 * and the standard TLVs (receipted_message_id, message_state, network_error_code).
 * Pure functions; nothing here throws on bad input.
 */
import type { DeliveryReceipt, HlrResult, ReceiptOutcome } from '../types'

/** Every field the text form may carry; absent ones are null. */
export interface ReceiptTextFields {
  id: string | null
  sub: string | null
  dlvrd: string | null
  submitDate: string | null
  doneDate: string | null
  stat: string | null
  err: string | null
  text: string | null
  /** Set when any HLR field (imsi, msc, mcc, mnc, cn, net, rcn, rnet) is present. */
  hlr: HlrResult | null
}

/** The receipt TLVs as they came off the wire (already unpacked from the PDU). */
export interface ReceiptTlvs {
  receiptedMessageId?: string | null
  messageState?: number | null
  /** 3 octets: network type, then a 2-octet error code. */
  networkErrorCode?: Uint8Array | null
  /** SMSC's vendor TLV 0x2000: what the message cost, as a decimal C-string [public]. */
  cost?: string | null
}

export type ReceiptParseResult =
  { ok: true; receipt: DeliveryReceipt } | { ok: false; error: string }

/** SMPP 3.4 message_state values → the text form's stat word. */
export const MESSAGE_STATE_STAT: Readonly<Record<number, string>> = {
  1: 'ENROUTE',
  2: 'DELIVRD',
  3: 'EXPIRED',
  4: 'DELETED',
  5: 'UNDELIV',
  6: 'ACCEPTD',
  7: 'UNKNOWN',
  8: 'REJECTD',
}

/** The stat word → message_state, for building receipts (the simulator). */
export const STAT_MESSAGE_STATE: Readonly<Record<string, number>> = Object.fromEntries(
  Object.entries(MESSAGE_STATE_STAT).map(([n, s]) => [s, Number(n)]),
)

export function receiptOutcome(stat: string): ReceiptOutcome {
  switch (stat.trim().toUpperCase()) {
    case 'DELIVRD':
      return 'delivered'
    case 'UNDELIV':
    case 'REJECTD':
    case 'DELETED':
      return 'failed'
    case 'EXPIRED':
      return 'expired'
    case 'ACCEPTD':
      return 'accepted'
    case 'ENROUTE':
      return 'enroute'
    default:
      return 'unknown'
  }
}

const HLR_KEYS = ['imsi', 'msc', 'mcc', 'mnc', 'cn', 'net', 'rcn', 'rnet'] as const
// Two-word keys first so "submit date:" is not read as an unknown key "date".
const KEY_RE = /(?:^|\s)(submit date|done date|[a-z_]+):/gi

/** urlencode()d strings as PHP makes them: `+` is a space, %XX is a UTF-8 octet. */
export function urlDecode(value: string): string {
  const spaced = value.replace(/\+/g, ' ')
  try {
    return decodeURIComponent(spaced)
  } catch {
    // A stray % must not lose the whole value: decode only the well-formed escapes.
    return spaced.replace(/(%[0-9a-f]{2})+/gi, (run) => {
      try {
        return decodeURIComponent(run)
      } catch {
        return run
      }
    })
  }
}

/**
 * Parse the text form of a DLR or HLR receipt. Keys in any order and any case, fields may be
 * missing; `text:` takes the rest of the line. Returns null when neither `id:` nor `stat:` is there.
 */
export function parseReceiptText(input: string): ReceiptTextFields | null {
  if (typeof input !== 'string') return null
  const found = new Map<string, string>()
  // One pass, each key's value running to the next key (every receipt passes here: no
  // intermediate arrays). The two-word keys match with exactly one space.
  KEY_RE.lastIndex = 0
  let m = KEY_RE.exec(input)
  while (m !== null) {
    const key = (m[1] ?? '').toLowerCase()
    const start = m.index + m[0].length
    if (key === 'text') {
      if (!found.has(key)) found.set(key, input.slice(start))
      break
    }
    const next = KEY_RE.exec(input)
    if (!found.has(key)) found.set(key, input.slice(start, next?.index ?? input.length).trim())
    m = next
  }
  const get = (k: string): string | null => found.get(k) ?? null
  if (get('id') === null && get('stat') === null) return null
  const hasHlr = HLR_KEYS.some((k) => found.has(k))
  const hlr: HlrResult | null = hasHlr
    ? {
        imsi: urlDecode(get('imsi') ?? ''),
        msc: urlDecode(get('msc') ?? ''),
        mcc: urlDecode(get('mcc') ?? ''),
        mnc: urlDecode(get('mnc') ?? ''),
        cn: urlDecode(get('cn') ?? ''),
        net: urlDecode(get('net') ?? ''),
        rcn: urlDecode(get('rcn') ?? ''),
        rnet: urlDecode(get('rnet') ?? ''),
      }
    : null
  return {
    id: get('id'),
    sub: get('sub'),
    dlvrd: get('dlvrd'),
    submitDate: get('submit date'),
    doneDate: get('done date'),
    stat: get('stat'),
    err: get('err'),
    text: get('text'),
    hlr,
  }
}

/** network_error_code → the 3-digit err string the text form uses (e.g. "000"). */
export function networkErrorCodeToErr(value: Uint8Array): string | null {
  let code: number
  if (value.length >= 3) code = ((value[1] ?? 0) << 8) | (value[2] ?? 0)
  else if (value.length === 2) code = ((value[0] ?? 0) << 8) | (value[1] ?? 0)
  else if (value.length === 1) code = value[0] ?? 0
  else return null
  return String(code).padStart(3, '0')
}

/** The TLVs as one readable line for DeliveryReceipt.raw. */
export function serialiseTlvs(tlvs: ReceiptTlvs): string {
  const out: string[] = []
  if (tlvs.receiptedMessageId != null) out.push(`receipted_message_id=${tlvs.receiptedMessageId}`)
  if (tlvs.messageState != null) out.push(`message_state=${tlvs.messageState}`)
  if (tlvs.networkErrorCode != null) {
    out.push(`network_error_code=${Buffer.from(tlvs.networkErrorCode).toString('hex')}`)
  }
  if (tlvs.cost != null) out.push(`cost=${tlvs.cost}`)
  return out.join(' ')
}

/**
 * One DeliveryReceipt from a deliver_sm's text and TLVs. Where both carry a value the TLV wins
 * (it is typed and not subject to text formatting). Fails only when no message id is present.
 */
export function buildReceipt(
  text: string | null,
  tlvs: ReceiptTlvs,
  receivedAt: number,
): ReceiptParseResult {
  const fields = text === null ? null : parseReceiptText(text)
  const tlvId = tlvs.receiptedMessageId?.trim() || null
  const id = tlvId ?? fields?.id ?? null
  if (id === null || id === '') {
    const shown = text === null ? '(no text)' : JSON.stringify(text.slice(0, 80))
    return { ok: false, error: `receipt carries no message id: ${shown}` }
  }
  const stateStat =
    tlvs.messageState != null ? (MESSAGE_STATE_STAT[tlvs.messageState] ?? null) : null
  const stat = stateStat ?? fields?.stat?.toUpperCase() ?? 'UNKNOWN'
  const tlvErr = tlvs.networkErrorCode ? networkErrorCodeToErr(tlvs.networkErrorCode) : null
  const err = tlvErr ?? fields?.err ?? null
  const tlvLine = serialiseTlvs(tlvs)
  const raw = text && tlvLine ? `${text} | ${tlvLine}` : text || tlvLine
  return {
    ok: true,
    receipt: {
      providerId: normaliseMessageId(id),
      outcome: receiptOutcome(stat),
      stat,
      err,
      reasonCode: receiptOutcome(stat) === 'delivered' ? null : `smpp:stat:${stat}`,
      hlr: fields?.hlr ?? null,
      // A price as SMSC wrote it; anything else in the TLV is not a price.
      ...(tlvs.cost && /^\d+(\.\d+)?$/.test(tlvs.cost) ? { price: tlvs.cost } : {}),
      raw,
      receivedAt,
    },
  }
}

/** What query_sm_resp says about one message (SMPP 3.4 §4.8.2). */
export interface QuerySmAnswer {
  messageId: string
  /** message_state: 1 ENROUTE … 8 REJECTED. */
  messageState: number
  /** error_code: a network error code, 0 when none. */
  errorCode: number
  /** final_date as the SMSC wrote it, or null while the message is not final. */
  finalDate: string | null
}

/**
 * A DeliveryReceipt from a query_sm_resp, under the id the question used (so it matches the
 * outbox's record however the SMSC formats the id it echoes). The state maps as in deliver_sm.
 */
export function receiptFromQuery(
  providerId: string,
  answer: QuerySmAnswer,
  receivedAt: number,
): DeliveryReceipt {
  const stat = MESSAGE_STATE_STAT[answer.messageState] ?? 'UNKNOWN'
  const outcome = receiptOutcome(stat)
  const raw = [
    `query_sm_resp message_id=${answer.messageId}`,
    `message_state=${answer.messageState}`,
    `error_code=${answer.errorCode}`,
    ...(answer.finalDate ? [`final_date=${answer.finalDate}`] : []),
  ].join(' ')
  return {
    providerId: normaliseMessageId(providerId),
    outcome,
    stat,
    err: String(answer.errorCode).padStart(3, '0'),
    reasonCode: outcome === 'delivered' ? null : `smpp:stat:${stat}`,
    hlr: null,
    raw,
    receivedAt,
  }
}

/** The SMSC answered query_sm with ESME_RINVMSGID: it holds no message under this id. */
export function missingFromQuery(providerId: string, receivedAt: number): DeliveryReceipt {
  return {
    providerId: normaliseMessageId(providerId),
    outcome: 'missing',
    stat: 'ESME_RINVMSGID',
    err: null,
    reason: 'the SMSC holds no message under this id',
    reasonCode: 'smpp:status:0x0000000c',
    hlr: null,
    raw: `query_sm_resp message_id=${providerId} command_status=ESME_RINVMSGID (0x0C)`,
    receivedAt,
  }
}

/**
 * Canonical form of a provider message id: trimmed, lower-case, leading zeros dropped
 * ("000A1" → "a1", "0" stays "0"). Both submit providerIds and receipt providerIds use it.
 */
export function normaliseMessageId(id: string): string {
  const s = id.trim().toLowerCase()
  const stripped = s.replace(/^0+(?=.)/, '')
  return stripped
}

/**
 * Every key under which a submit's id may come back in a receipt. Some SMSCs answer
 * submit_sm_resp with a hex id and put the same number in decimal into the receipt (or the
 * reverse), e.g. "1A2B" ↔ "6699". Returns [canonical, decimal-of-hex?, hex-of-decimal?].
 *
 * How to match: index each submitted message under every key of messageIdKeys(providerId)
 * for each of its providerIds; look a receipt up by its `providerId` (already canonical).
 * Prefer a message whose canonical id equals it exactly; fall back to the converted keys only
 * when no exact match exists. An all-digit hex id and an unrelated decimal id can collide in
 * theory, so a fallback match that hits more than one message must be treated as no match.
 */
export function messageIdKeys(id: string): string[] {
  const canonical = normaliseMessageId(id)
  const keys = [canonical]
  if (canonical !== '' && /^[0-9a-f]+$/.test(canonical) && canonical.length <= 16) {
    keys.push(BigInt(`0x${canonical}`).toString(10))
  }
  if (/^[0-9]+$/.test(canonical) && canonical.length <= 20) {
    keys.push(BigInt(canonical).toString(16))
  }
  return [...new Set(keys)]
}
