/**
 * SMSC's calls to a handler of ours (`seeds/001_*.txt`, "Передача статусов и сообщений на
 * обработчик Клиента"): a delivery status, an incoming message, or a recorded verification call
 * (`[waitcall]`), POSTed with `fmt=3` (JSON) and `charset=utf-8`, carrying a control value in
 * place of the secret the handler's URL names (`?md5=<secret>`, `sha1`, `crc32`): the hash of
 * `id:phone:status:<secret>` for a status as the document writes it. A call whose hash does not
 * match is refused and changes nothing.
 *
 * [assumed, the document's list is cut after the status's form] an incoming message is signed
 * as `phone:mes:to:<secret>`, a verification call as `phone:waitcall:<secret>` (`waitcall`: the
 * number the customer called); `crc32` is PHP's crc32() as decimal (8 hex digits accepted).
 * Kept here, with the simulator signing through the same table.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import type { CallbackVerdict } from '../types'
import { intOf, parseSmscDate, receiptFromStatus, type SmscStatusEntry } from './provider'

export const CALLBACK_ALGORITHMS = ['md5', 'sha1', 'crc32'] as const
export type CallbackAlgorithm = (typeof CALLBACK_ALGORITHMS)[number]

/** The fields each kind of call is signed by, in order, before the secret. */
export const SIGNED_FIELDS = {
  status: ['id', 'phone', 'status'],
  inbound: ['phone', 'mes', 'to'],
  waitcall: ['phone', 'waitcall'],
} as const
export type CallbackKind = keyof typeof SIGNED_FIELDS

/** The secret of a profile's handler: derived from the server's key, so never stored. */
export function callbackSecret(serverKey: Buffer, profileId: string): string {
  // Letters, digits, minus and underscore only: what the document allows in the secret.
  return createHmac('sha256', serverKey)
    .update(`smsc-callback:${profileId}`)
    .digest('base64url')
    .slice(0, 32)
}

/** PHP's crc32(): the IEEE CRC-32 of the bytes, unsigned. */
export function crc32(text: string): number {
  let crc = 0xffffffff
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1
  }
  return (crc ^ 0xffffffff) >>> 0
}

/** The control value SMSC sends for these fields with this secret. */
export function signCallback(
  kind: CallbackKind,
  params: Readonly<Record<string, string>>,
  secret: string,
  algorithm: CallbackAlgorithm,
): string {
  const line = [...SIGNED_FIELDS[kind].map((f) => params[f] ?? ''), secret].join(':')
  if (algorithm === 'crc32') return String(crc32(line))
  return createHash(algorithm).update(line, 'utf8').digest('hex')
}

/** The kind of call by its fields: `mes` an incoming message, `waitcall` a call, else a status. */
export function callbackKind(params: Readonly<Record<string, string>>): CallbackKind {
  if (params.waitcall !== undefined) return 'waitcall'
  if (params.mes !== undefined) return 'inbound'
  return 'status'
}

/**
 * A call to the handler read and checked against the profile's secret. Its values as they
 * came (JSON numbers as text): the hash is over the text SMSC wrote.
 */
export function readCallback(
  params: Readonly<Record<string, string>>,
  secret: string,
  now = Date.now(),
  utcOffsetMinutes = 180,
): CallbackVerdict {
  const algorithm = CALLBACK_ALGORITHMS.find((a) => params[a] !== undefined)
  if (!algorithm) {
    return { ok: false, problem: 'unsigned', detail: 'no md5, sha1 or crc32 control value' }
  }
  const kind = callbackKind(params)
  const missing = SIGNED_FIELDS[kind].filter((f) => params[f] === undefined)
  if (missing.length > 0) {
    return { ok: false, problem: 'malformed', detail: `no ${missing.join(', ')} in a ${kind} call` }
  }
  const given = (params[algorithm] ?? '').trim().toLowerCase()
  const expected = signCallback(kind, params, secret, algorithm)
  const alternatives =
    algorithm === 'crc32' ? [expected, Number(expected).toString(16).padStart(8, '0')] : [expected]
  if (!alternatives.some((e) => sameText(given, e))) {
    return { ok: false, problem: 'forged', detail: `the ${algorithm} value does not match` }
  }
  const at = parseSmscDate(params.time ?? params.sent ?? params.ts, utcOffsetMinutes) ?? now
  if (kind === 'status') {
    const status = intOf(params.status)
    const id = params.id ?? ''
    if (status === null || !/^\d+$/.test(id)) {
      return {
        ok: false,
        problem: 'malformed',
        detail: 'a status call needs a numeric id and status',
      }
    }
    const errText = params.err ?? ''
    const entry: SmscStatusEntry = {
      id,
      phone: params.phone ?? null,
      status,
      err: errText === '' ? null : intOf(errText),
      lastTimestamp: Math.floor(at / 1000),
      cost: params.cost && params.cost !== '' ? params.cost : null,
      parts: intOf(params.sms_cnt),
      hlr: null,
      raw: JSON.stringify(params),
    }
    return {
      ok: true,
      callback: { kind, providerId: id, receipt: receiptFromStatus(entry, id, now) },
    }
  }
  const ref = params.id && /^\d+$/.test(params.id) ? params.id : null
  const from = params.phone ?? ''
  if (kind === 'waitcall') {
    return {
      ok: true,
      callback: {
        kind,
        ref: ref === null ? null : `waitcall:${ref}`,
        sms: { from, to: params.waitcall ?? '', text: '[waitcall]', receivedAt: at },
      },
    }
  }
  return {
    ok: true,
    callback: {
      kind,
      ref,
      sms: { from, to: params.to ?? '', text: params.mes ?? '', receivedAt: at },
    },
  }
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
