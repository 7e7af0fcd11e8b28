/**
 * deliver_sm (and submit_sm, which has the same body) from the raw PDU bytes: the `smpp`
 * library decodes short_message by the low nibble of data_coding only, so the body is read here
 * and decoded by the full value. Also the concatenation info (UDH 8/16-bit refs, sar_* TLVs)
 * and MO reassembly.
 */
import { decodeGsm7, decodeLatin1, decodeUcs2 } from '../../../../shared/sms'

export const TLV = {
  receiptedMessageId: 0x001e,
  sarMsgRefNum: 0x020c,
  sarTotalSegments: 0x020e,
  sarSegmentSeqnum: 0x020f,
  networkErrorCode: 0x0423,
  messagePayload: 0x0424,
  messageState: 0x0427,
  /** SMSC's own: the message's cost (C-string) [public]. */
  smscCost: 0x2000,
} as const

export const SUBMIT_SM_ID = 0x00000004
export const DELIVER_SM_ID = 0x00000005
/** A response's command_id is its request's with the high bit set. */
export const SUBMIT_SM_RESP_ID = 0x80000004
export const DELIVER_SM_RESP_ID = 0x80000005
export const ESM_UDHI = 0x40

export interface DeliverSmFields {
  sequenceNumber: number
  sourceAddr: string
  destinationAddr: string
  esmClass: number
  dataCoding: number
  shortMessage: Buffer
  /** TLVs by tag; the first occurrence of each. */
  tlvs: Map<number, Buffer>
}

/** Parses a whole deliver_sm PDU (header included). Null when it is not one or is malformed. */
export function parseDeliverSm(raw: Buffer): DeliverSmFields | null {
  return parseShortMessagePdu(raw, DELIVER_SM_ID)
}

/**
 * Parses a whole deliver_sm or submit_sm PDU (`commandId` says which one is expected): both
 * carry the same fields in the same order. Null when it is something else or is malformed.
 */
export function parseShortMessagePdu(raw: Buffer, commandId: number): DeliverSmFields | null {
  if (raw.length < 16) return null
  const length = raw.readUInt32BE(0)
  if (length !== raw.length || raw.readUInt32BE(4) !== commandId) return null
  const sequenceNumber = raw.readUInt32BE(12)
  let at = 16
  const cstring = (): string | null => {
    const end = raw.indexOf(0, at)
    if (end < 0) return null
    const s = raw.toString('latin1', at, end)
    at = end + 1
    return s
  }
  const int8 = (): number | null => (at < raw.length ? (raw[at++] ?? null) : null)
  if (cstring() === null) return null // service_type
  if (int8() === null || int8() === null) return null
  const sourceAddr = cstring()
  if (sourceAddr === null || int8() === null || int8() === null) return null
  const destinationAddr = cstring()
  const esmClass = int8()
  if (destinationAddr === null || esmClass === null) return null
  if (int8() === null || int8() === null) return null // protocol_id, priority_flag
  if (cstring() === null || cstring() === null) return null // schedule, validity
  if (int8() === null || int8() === null) return null // registered_delivery, replace
  const dataCoding = int8()
  if (dataCoding === null || int8() === null) return null // sm_default_msg_id
  const smLength = int8()
  if (smLength === null || at + smLength > raw.length) return null
  const shortMessage = raw.subarray(at, at + smLength)
  at += smLength
  const tlvs = new Map<number, Buffer>()
  while (at + 4 <= raw.length) {
    const tag = raw.readUInt16BE(at)
    const len = raw.readUInt16BE(at + 2)
    at += 4
    if (at + len > raw.length) return null
    if (!tlvs.has(tag)) tlvs.set(tag, raw.subarray(at, at + len))
    at += len
  }
  return { sequenceNumber, sourceAddr, destinationAddr, esmClass, dataCoding, shortMessage, tlvs }
}

/** Text from bytes by the full data_coding value (SMPP 3.4 §5.2.19 and GSM 03.38 groups). */
export function decodeByDataCoding(bytes: Uint8Array, dataCoding: number): string {
  switch (dataCoding) {
    case 0x00:
      return decodeGsm7(bytes)
    case 0x01: // IA5 / ASCII
      return decodeLatin1(bytes.map((b) => b & 0x7f))
    case 0x03:
      return decodeLatin1(bytes)
    case 0x08:
      return decodeUcs2(bytes)
  }
  // 0x1x (general group with class) and 0xFx: alphabet bits pick GSM, 8-bit or UCS-2.
  if ((dataCoding & 0xf0) === 0xf0) {
    return dataCoding & 0x04 ? decodeLatin1(bytes) : decodeGsm7(bytes)
  }
  if ((dataCoding & 0xc0) === 0x00) {
    const alphabet = (dataCoding >> 2) & 0x03
    if (alphabet === 0) return decodeGsm7(bytes)
    if (alphabet === 2) return decodeUcs2(bytes)
  }
  return decodeLatin1(bytes)
}

export interface ConcatInfo {
  ref: number
  total: number
  seq: number
}

/** Splits UDH from the text when UDHI is set; reads the concatenation IE if any. */
export function splitUdh(
  shortMessage: Buffer,
  esmClass: number,
): { body: Buffer; concat: ConcatInfo | null } {
  if (!(esmClass & ESM_UDHI) || shortMessage.length === 0)
    return { body: shortMessage, concat: null }
  const udhl = shortMessage[0] ?? 0
  if (udhl + 1 > shortMessage.length) return { body: shortMessage, concat: null }
  let concat: ConcatInfo | null = null
  let at = 1
  while (at + 2 <= udhl + 1) {
    const iei = shortMessage[at] ?? 0
    const len = shortMessage[at + 1] ?? 0
    const data = shortMessage.subarray(at + 2, at + 2 + len)
    if (iei === 0x00 && len === 3) {
      concat = { ref: data[0] ?? 0, total: data[1] ?? 0, seq: data[2] ?? 0 }
    } else if (iei === 0x08 && len === 4) {
      concat = {
        ref: ((data[0] ?? 0) << 8) | (data[1] ?? 0),
        total: data[2] ?? 0,
        seq: data[3] ?? 0,
      }
    }
    at += 2 + len
  }
  return { body: shortMessage.subarray(udhl + 1), concat }
}

export function sarInfo(tlvs: Map<number, Buffer>): ConcatInfo | null {
  const ref = tlvs.get(TLV.sarMsgRefNum)
  const total = tlvs.get(TLV.sarTotalSegments)
  const seq = tlvs.get(TLV.sarSegmentSeqnum)
  if (!ref || !total || !seq || ref.length < 1 || total.length < 1 || seq.length < 1) return null
  return {
    ref: ref.length >= 2 ? ref.readUInt16BE(0) : (ref[0] ?? 0),
    total: total[0] ?? 0,
    seq: seq[0] ?? 0,
  }
}

export interface AssembledText {
  from: string
  to: string
  text: string
  /** False when parts were still missing when the wait ran out. */
  complete: boolean
}

interface Pending {
  from: string
  to: string
  total: number
  parts: Map<number, string>
  timer: NodeJS.Timeout
}

/**
 * Joins concatenated MO parts. `add` returns the message a part completes (or a single-part
 * message at once) and null while parts are missing; a message whose parts stop coming is
 * handed to `onIncomplete` after `timeoutMs`, with what came.
 */
export class InboundAssembler {
  private readonly pending = new Map<string, Pending>()

  constructor(
    private readonly onIncomplete: (text: AssembledText) => void,
    private readonly timeoutMs = 5 * 60_000,
  ) {}

  /** Whether this part would complete its message (a single-part message always does). */
  completes(from: string, to: string, concat: ConcatInfo | null): boolean {
    if (!concat || concat.total <= 1) return true
    const entry = this.pending.get(key(from, to, concat))
    const have = entry ? entry.parts.size + (entry.parts.has(concat.seq) ? 0 : 1) : 1
    return have >= concat.total
  }

  add(from: string, to: string, text: string, concat: ConcatInfo | null): AssembledText | null {
    if (!concat || concat.total <= 1) return { from, to, text, complete: true }
    const k = key(from, to, concat)
    let entry = this.pending.get(k)
    if (!entry) {
      const timer = setTimeout(() => {
        const late = this.take(k)
        if (late) this.onIncomplete(late)
      }, this.timeoutMs)
      timer.unref()
      entry = { from, to, total: concat.total, parts: new Map(), timer }
      this.pending.set(k, entry)
    }
    entry.parts.set(concat.seq, text)
    return entry.parts.size >= entry.total ? this.take(k) : null
  }

  private take(k: string): AssembledText | null {
    const entry = this.pending.get(k)
    if (!entry) return null
    this.pending.delete(k)
    clearTimeout(entry.timer)
    const seqs = [...entry.parts.keys()].sort((a, b) => a - b)
    const text = seqs.map((s) => entry.parts.get(s) ?? '').join('')
    return { from: entry.from, to: entry.to, text, complete: entry.parts.size >= entry.total }
  }

  /** Hands every incomplete message to `onIncomplete` now (on stop). */
  flushAll(): void {
    for (const k of [...this.pending.keys()]) {
      const late = this.take(k)
      if (late) this.onIncomplete(late)
    }
  }
}

function key(from: string, to: string, concat: ConcatInfo): string {
  return `${from}\u0000${to}\u0000${concat.ref}\u0000${concat.total}`
}
