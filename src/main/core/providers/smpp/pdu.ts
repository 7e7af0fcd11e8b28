/**
 * What goes into the PDUs the session writes, as pure code (no socket, no session state): the
 * system_type flags of the bind, the sender's TON/NPI, a message turned into its submit_sm parts
 * (alphabet, UDH parts or message_payload, the comment suffix, service texts), and query_sm's
 * fields and answer.
 */
import type smpp from 'smpp'
import {
  analyzeSms,
  COMMENT_MARKER,
  encodeGsm7,
  encodeLatin1,
  encodeUcs2,
  isGsm7Text,
  isLatin1Text,
  isSingleSpecialText,
  MAX_PARTS,
  splitSmsText,
  type SmsEncoding,
} from '../../../../shared/sms'
import type { DeliveryReceipt, OutgoingSms, SubmitOutcome } from '../types'
import { NotSmppError } from '../network-cause'
import { smppTypedText } from '../../../../shared/message-types'
import { DELIVER_SM_RESP_ID, ESM_UDHI, SUBMIT_SM_ID, TLV } from './deliver'
import { missingFromQuery, receiptFromQuery } from './receipt'
import { SMPP_STATUS, smppStatusCode } from './status'

const SOURCE_TON_ALPHA = 5
const SOURCE_TON_SHORT = 3
const TON_INTERNATIONAL = 1
const NPI_ISDN = 1
// SMPP short_message holds at most 254 octets.
const MAX_SHORT_MESSAGE = 254
// The `smpp` package refuses PDUs over 16 KiB, so larger payloads go as UDH parts instead.
const MAX_PAYLOAD = 16_000

// ─── system_type ─────────────────────────────────────────────────────────

export interface SystemTypeFlags {
  /** MCON<n>: allow n parallel binds for this login (1..9). */
  mcon?: number
  /** A receipt per part instead of one per long message. */
  single?: boolean
  /** ISO-8859-1 instead of GSM-7 for data_coding 0. */
  iso?: boolean
}

/** Flags from the profile form: `['MCON2', 'ISO', 'SINGLE']` (any case, any order). */
export function systemTypeFlags(list: readonly string[]): SystemTypeFlags {
  const flags: SystemTypeFlags = {}
  for (const raw of list) {
    const item = raw.trim().toUpperCase()
    const mcon = /^MCON([1-9])$/.exec(item)
    if (mcon) flags.mcon = Number(mcon[1])
    else if (item === 'ISO') flags.iso = true
    else if (item === 'SINGLE') flags.single = true
    else if (item !== '') throw new RangeError(`unknown system_type flag "${raw}"`)
  }
  return flags
}

/** SMSC system_type: flags joined by commas, e.g. "MCON2,ISO,SINGLE". */
export function buildSystemType(input: SystemTypeFlags | readonly string[]): string {
  const flags = toSystemTypeFlags(input)
  const out: string[] = []
  if (flags.mcon !== undefined) {
    if (!Number.isInteger(flags.mcon) || flags.mcon < 1 || flags.mcon > 9) {
      throw new RangeError('MCON must be 1..9')
    }
    out.push(`MCON${flags.mcon}`)
  }
  if (flags.iso) out.push('ISO')
  if (flags.single) out.push('SINGLE')
  return out.join(',')
}

/** The flags as an object, whether given as one or as the profile's list. */
export function toSystemTypeFlags(input: SystemTypeFlags | readonly string[]): SystemTypeFlags {
  return isFlagList(input) ? systemTypeFlags(input) : input
}

function isFlagList(input: SystemTypeFlags | readonly string[]): input is readonly string[] {
  return Array.isArray(input)
}

// ─── addresses ───────────────────────────────────────────────────────────

export interface SmppAddress {
  addr: string
  ton: number
  npi: number
}

/** TON/NPI for the sender: alphanumeric 5/0, short code 3/0, international 1/1. */
export function classifySource(sender: string): SmppAddress | null {
  const s = sender.trim()
  if (s === '' || !/^[\x20-\x7e]+$/.test(s)) return null
  if (/[a-z]/i.test(s)) {
    return s.length <= 11 ? { addr: s, ton: SOURCE_TON_ALPHA, npi: 0 } : null
  }
  const plus = s.startsWith('+')
  const digits = s.replace(/\D/g, '')
  if (digits.length === 0 || digits.length > 20) return null
  if (plus || digits.length >= 10) return { addr: digits, ton: TON_INTERNATIONAL, npi: NPI_ISDN }
  if (digits.length <= 8) return { addr: digits, ton: SOURCE_TON_SHORT, npi: 0 }
  return { addr: digits, ton: 0, npi: NPI_ISDN }
}

// ─── submit_sm ───────────────────────────────────────────────────────────

/** What of the profile decides how a message is written. */
export interface SubmitSettings {
  /** system_type ISO: the SMSC reads data_coding 0 as ISO-8859-1. */
  iso: boolean
  /** 'udh': 05 00 03 ref total seq, esm_class 0x40; 'payload': message_payload TLV. */
  longMessageMode: 'udh' | 'payload'
}

/** A submit_sm's fields as this console fills them; every other field is left at its zero. */
export interface SubmitFields {
  service_type: ''
  source_addr_ton: number
  source_addr_npi: number
  /** Printable ASCII (classifySource). */
  source_addr: string
  dest_addr_ton: number
  dest_addr_npi: number
  /** Digits only. */
  destination_addr: string
  registered_delivery: number
  esm_class: number
  data_coding: number
  /** At most MAX_SHORT_MESSAGE octets, UDH included. */
  short_message: Buffer
  message_payload?: Buffer
}

export interface SubmitParts {
  /** One submit_sm each, in order. */
  parts: SubmitFields[]
  /** Count the provider charges (comment excluded), reported in `accepted`. */
  chargedParts: number
}

/**
 * A message as its submit_sm PDUs, or the refusal it gets without being sent. `nextUdhRef` is
 * asked for a concatenation reference only when the message goes as UDH parts.
 */
export function buildSubmitParts(
  sms: OutgoingSms,
  settings: SubmitSettings,
  nextUdhRef: () => number,
): SubmitParts | { outcome: SubmitOutcome } {
  const type = sms.messageType?.type ?? 'sms'
  if (type === 'sms') return buildTextParts(sms, sms.text, settings, nextUdhRef)
  // Another SMSC type (Viber, a call, an e-mail, …): its prefixed text, encoded and split as the
  // profile does every text; SMSC joins the parts, reads the type and charges it as one.
  const built = buildTextParts(sms, smppTypedText(sms.text, sms.messageType), settings, nextUdhRef)
  return 'outcome' in built ? built : { ...built, chargedParts: 1 }
}

function buildTextParts(
  sms: OutgoingSms,
  text: string,
  settings: SubmitSettings,
  nextUdhRef: () => number,
): SubmitParts | { outcome: SubmitOutcome } {
  const source = classifySource(sms.sender)
  if (!source) {
    return rejected(
      SMPP_STATUS.ESME_RINVSRCADR,
      `sender "${sms.sender}" is not a valid SMPP source`,
    )
  }
  const destination = sms.phone.replace(/\D/g, '')
  if (destination.length === 0 || destination.length > 20) {
    return rejected(SMPP_STATUS.ESME_RINVDSTADR, `phone "${sms.phone}" has no valid digits`)
  }
  const base = {
    service_type: '' as const,
    source_addr_ton: source.ton,
    source_addr_npi: source.npi,
    source_addr: source.addr,
    dest_addr_ton: TON_INTERNATIONAL,
    dest_addr_npi: NPI_ISDN,
    destination_addr: destination,
    registered_delivery: sms.wantReceipt ? 1 : 0,
    esm_class: 0,
  }
  const analysis = analyzeSms(text)
  if (analysis.units === 0) return rejected(SMPP_STATUS.ESME_RINVMSGLEN, 'text is empty')
  const { dataCoding, encode, splitAs } = chooseAlphabet(
    analysis.encoding,
    analysis.chargedText,
    settings.iso,
  )
  const withData = { ...base, data_coding: dataCoding }
  // Service requests (__HLR__, __PING__) go verbatim as one part, in the alphabet the profile
  // gives every other text: SMSC acts on the exact text as it decodes it (under ISO, '_' is
  // 0x5F; GSM-7's 0x11 would read as a control character and the request as an SMS).
  if (isSingleSpecialText(text)) {
    return {
      parts: [{ ...withData, short_message: Buffer.from(encode(text)) }],
      chargedParts: 1,
    }
  }
  const canCarry =
    dataCoding === 0 ? isGsm7Text : dataCoding === 3 ? isLatin1Text : (): boolean => true
  // SMSC strips the comment server-side, so it rides along uncounted; one it cannot encode
  // in the message's own alphabet is dropped rather than change what the subscriber pays.
  const suffix =
    analysis.comment !== null && canCarry(COMMENT_MARKER + analysis.comment)
      ? COMMENT_MARKER + analysis.comment
      : ''
  const pieces = splitSmsText(analysis.chargedText, splitAs)
  if (pieces.length > MAX_PARTS) {
    return rejected(
      SMPP_STATUS.ESME_RINVMSGLEN,
      `text needs ${pieces.length} parts, max ${MAX_PARTS}`,
    )
  }
  if (pieces.length === 1) {
    const whole = Buffer.from(encode(analysis.chargedText + suffix))
    const bytes =
      whole.length <= MAX_SHORT_MESSAGE ? whole : Buffer.from(encode(analysis.chargedText))
    return { parts: [{ ...withData, short_message: bytes }], chargedParts: 1 }
  }
  if (settings.longMessageMode === 'payload') {
    const payload = Buffer.from(encode(analysis.chargedText + suffix))
    if (payload.length <= MAX_PAYLOAD) {
      return {
        parts: [{ ...withData, short_message: Buffer.alloc(0), message_payload: payload }],
        chargedParts: pieces.length,
      }
    }
  }
  const ref = nextUdhRef()
  const parts = pieces.map((piece, i) => {
    const udh = Buffer.from([0x05, 0x00, 0x03, ref, pieces.length, i + 1])
    let body = Buffer.from(encode(piece))
    if (i === pieces.length - 1 && suffix !== '') {
      const withComment = Buffer.from(encode(piece + suffix))
      if (udh.length + withComment.length <= MAX_SHORT_MESSAGE) body = withComment
    }
    return { ...withData, esm_class: ESM_UDHI, short_message: Buffer.concat([udh, body]) }
  })
  return { parts, chargedParts: pieces.length }
}

interface Alphabet {
  dataCoding: number
  encode: (text: string) => Uint8Array
  /** The alphabet the text is split by (UCS-2 when ISO cannot carry it). */
  splitAs: SmsEncoding
}

/** GSM-7 as data_coding 0, UCS-2 as 8; under ISO, Latin-1 as 3 or else UCS-2. */
function chooseAlphabet(encoding: SmsEncoding, chargedText: string, iso: boolean): Alphabet {
  if (encoding === 'UCS2') return { dataCoding: 8, encode: encodeUcs2, splitAs: encoding }
  // Under ISO the SMSC reads data_coding 0 as Latin-1, so say so explicitly.
  if (iso && isLatin1Text(chargedText)) {
    return { dataCoding: 3, encode: encodeLatin1, splitAs: encoding }
  }
  if (iso) return { dataCoding: 8, encode: encodeUcs2, splitAs: 'UCS2' }
  return { dataCoding: 0, encode: encodeGsm7, splitAs: encoding }
}

function rejected(code: number, reason: string): { outcome: SubmitOutcome } {
  return { outcome: { kind: 'rejected', code, reason, reasonCode: smppStatusCode(code) } }
}

/** The source address a submit_sm went from, for a later query_sm about it. */
export function submittedSource(fields: SubmitFields): SmppAddress {
  return { ton: fields.source_addr_ton, npi: fields.source_addr_npi, addr: fields.source_addr }
}

/** The `smpp` package's limit, kept: no SMSC sends a PDU this large. */
const MAX_PDU_LENGTH = 16_384
const HEADER_LENGTH = 16

/** A response as the session reads it: its status and number, and its fields by name. */
export interface SmppResponse {
  command_status: number
  sequence_number: number
  [field: string]: unknown
}

/**
 * A PDU's command_length, read from its first four octets. A length no PDU can have is thrown:
 * the bytes that follow cannot be framed (an HTTP server answering says "HTTP", 1213486160).
 */
export function pduLengthOf(head: Buffer): number {
  const length = head.readUInt32BE(0)
  if (length > MAX_PDU_LENGTH) throw new NotSmppError(length)
  if (length < HEADER_LENGTH) throw new Error(`PDU length ${length} is shorter than its header`)
  return length
}

/** The whole PDU from its length and the body read after it. */
export function withLength(length: number, body: Buffer): Buffer {
  const raw = Buffer.allocUnsafe(length)
  raw.writeUInt32BE(length, 0)
  body.copy(raw, 4)
  return raw
}

/** submit_sm_resp: status, number and message_id (a C string), as the package reads them. */
export function readSubmitSmResp(raw: Buffer): SmppResponse {
  const resp: SmppResponse = {
    command: 'submit_sm_resp',
    command_status: raw.readUInt32BE(8),
    sequence_number: raw.readUInt32BE(12),
  }
  if (raw.length > HEADER_LENGTH) {
    const end = raw.indexOf(0, HEADER_LENGTH)
    resp.message_id = raw.toString('ascii', HEADER_LENGTH, end < 0 ? raw.length : end)
  }
  return resp
}

/**
 * submit_sm (SMPP 3.4 §4.4.1) byte for byte as the `smpp` package writes these fields, in one
 * pass: the package's generic walk over every field and filter was most of the cost of sending.
 */
export function encodeSubmitSm(f: SubmitFields, sequence: number): Buffer {
  const sm = f.short_message
  const payload = f.message_payload
  if (sm.length > 255) throw new RangeError(`short_message of ${sm.length} octets`)
  const length =
    16 + // header
    1 + // service_type ''
    2 +
    f.source_addr.length +
    1 + // source TON, NPI, address
    2 +
    f.destination_addr.length +
    1 + // destination TON, NPI, address
    3 + // esm_class, protocol_id, priority_flag
    2 + // schedule_delivery_time '', validity_period ''
    4 + // registered_delivery, replace_if_present_flag, data_coding, sm_default_msg_id
    1 +
    sm.length +
    (payload ? 4 + payload.length : 0)
  const b = Buffer.allocUnsafe(length)
  b.writeUInt32BE(length, 0)
  b.writeUInt32BE(SUBMIT_SM_ID, 4)
  b.writeUInt32BE(0, 8)
  b.writeUInt32BE(sequence, 12)
  let o = 16
  b[o++] = 0
  b[o++] = f.source_addr_ton
  b[o++] = f.source_addr_npi
  o += b.write(f.source_addr, o, 'latin1')
  b[o++] = 0
  b[o++] = f.dest_addr_ton
  b[o++] = f.dest_addr_npi
  o += b.write(f.destination_addr, o, 'latin1')
  b[o++] = 0
  b[o++] = f.esm_class
  b[o++] = 0
  b[o++] = 0
  b[o++] = 0
  b[o++] = 0
  b[o++] = f.registered_delivery
  b[o++] = 0
  b[o++] = f.data_coding
  b[o++] = 0
  b[o++] = sm.length
  o += sm.copy(b, o)
  if (payload) {
    b.writeUInt16BE(TLV.messagePayload, o)
    b.writeUInt16BE(payload.length, o + 2)
    payload.copy(b, o + 4)
  }
  return b
}

/**
 * deliver_sm_resp as the `smpp` package writes it: an empty message_id when accepted, the
 * header alone when refused.
 */
export function encodeDeliverSmResp(sequence: number, status: number): Buffer {
  const b = Buffer.alloc(status === 0 ? 17 : 16)
  b.writeUInt32BE(b.length, 0)
  b.writeUInt32BE(DELIVER_SM_RESP_ID, 4)
  b.writeUInt32BE(status, 8)
  b.writeUInt32BE(sequence, 12)
  return b
}

/**
 * A PDU this module encoded, handed to the library's session to write like one of its own
 * (the session numbers a request; a response keeps the number it answers).
 */
export class EncodedPdu {
  private constructor(
    readonly command: string,
    public sequence_number: number,
    private readonly encode: (sequence: number) => Buffer,
  ) {}

  static submitSm(fields: SubmitFields): EncodedPdu {
    return new EncodedPdu('submit_sm', 0, (seq) => encodeSubmitSm(fields, seq))
  }

  static deliverSmResp(sequence: number, status = 0): EncodedPdu {
    return new EncodedPdu('deliver_sm_resp', sequence, (seq) => encodeDeliverSmResp(seq, status))
  }

  isResponse(): boolean {
    return this.command.endsWith('_resp')
  }

  toBuffer(): Buffer {
    return this.encode(this.sequence_number)
  }
}

// ─── query_sm ────────────────────────────────────────────────────────────

/** An accepted message's id as the SMSC wrote it, and where it came from. */
export interface SubmittedRecord extends SmppAddress {
  id: string
}

/**
 * query_sm for a provider id. SMPP 3.4 §4.8.1: the source must match the original submit's, or
 * be NULL when unknown: as the session sent it (`known`), else as the outbox recorded it.
 */
export function querySmFields(
  providerId: string,
  known: SubmittedRecord | undefined,
  sender: string | undefined,
): smpp.PduOptions {
  const source = known ?? (sender !== undefined ? classifySource(sender) : null)
  return {
    message_id: known?.id ?? providerId,
    source_addr_ton: source?.ton ?? 0,
    source_addr_npi: source?.npi ?? 0,
    source_addr: source?.addr ?? '',
  }
}

/**
 * What a query_sm_resp says about a provider id: a receipt, 'missing' for ESME_RINVMSGID, or
 * null for any other refusal.
 */
export function queryAnswer(
  providerId: string,
  resp: SmppResponse,
  now: number,
): DeliveryReceipt | null {
  if (resp.command_status === SMPP_STATUS.ESME_RINVMSGID) return missingFromQuery(providerId, now)
  if (resp.command_status !== SMPP_STATUS.ESME_ROK) return null
  const finalDate = resp.final_date
  return receiptFromQuery(
    providerId,
    {
      messageId: typeof resp.message_id === 'string' ? resp.message_id : providerId,
      messageState: typeof resp.message_state === 'number' ? resp.message_state : 0,
      errorCode: typeof resp.error_code === 'number' ? resp.error_code : 0,
      finalDate:
        finalDate instanceof Date && !Number.isNaN(finalDate.getTime())
          ? finalDate.toISOString()
          : typeof finalDate === 'string' && finalDate !== ''
            ? finalDate
            : null,
    },
    now,
  )
}
