/**
 * SMPP command_status values, shared by the session and the sandbox SMSC so both read the same
 * numbers: their names and reasons as an operator reads them, the reason codes the console
 * translates (`smpp:status:…`), and which refusals mean a wrong login or "not now".
 */
import smpp from 'smpp'

/** SMPP command_status values the session and the sandbox SMSC act on. */
export const SMPP_STATUS = {
  ESME_ROK: 0x00,
  ESME_RINVMSGLEN: 0x01,
  ESME_RINVCMDID: 0x03,
  ESME_RINVBNDSTS: 0x04,
  ESME_RALYBND: 0x05,
  ESME_RSYSERR: 0x08,
  ESME_RINVSRCADR: 0x0a,
  ESME_RINVDSTADR: 0x0b,
  ESME_RINVMSGID: 0x0c,
  ESME_RBINDFAIL: 0x0d,
  ESME_RINVPASWD: 0x0e,
  ESME_RINVSYSID: 0x0f,
  ESME_RMSGQFUL: 0x14,
  ESME_RSUBMITFAIL: 0x45,
  ESME_RTHROTTLED: 0x58,
  /** deliver_sm_resp: a temporary problem on our side, deliver it again later. */
  ESME_RX_T_APPN: 0x64,
} as const

export const SMPP_STATUS_REASON: Readonly<Record<number, string>> = {
  0x01: 'message length is invalid',
  0x03: 'invalid command',
  0x04: 'not bound',
  0x05: 'already bound',
  0x08: 'system error at the provider',
  0x0a: 'invalid sender (source address)',
  0x0b: 'invalid destination number',
  0x0c: 'unknown message id',
  0x0d: 'bind failed (login or password refused)',
  0x0e: 'invalid password',
  0x0f: 'invalid login (system_id)',
  0x14: 'message queue full',
  0x45: 'submit failed',
  0x58: 'throttled (too many messages per second)',
  0x61: 'invalid scheduled delivery time',
  0x62: 'invalid validity period',
}

const STATUS_NAME = new Map<number, string>(
  Object.entries(smpp.errors).map(([name, code]) => [code, name]),
)

/** "ESME_RINVPASWD (0x0E): invalid password" — what an operator reads. */
export function describeSmppStatus(code: number): string {
  const name = STATUS_NAME.get(code) ?? 'status'
  const hex = `0x${code.toString(16).toUpperCase().padStart(2, '0')}`
  const reason = SMPP_STATUS_REASON[code]
  return reason ? `${name} (${hex}): ${reason}` : `${name} (${hex})`
}

/** Reason code of a command_status: `smpp:status:0x0000000b`; undocumented ones share one. */
export function smppStatusCode(code: number): string {
  return SMPP_STATUS_REASON[code] !== undefined
    ? `smpp:status:0x${code.toString(16).padStart(8, '0')}`
    : 'smpp:status:other'
}

const AUTH_FAILURES: ReadonlySet<number> = new Set([
  SMPP_STATUS.ESME_RBINDFAIL,
  SMPP_STATUS.ESME_RINVPASWD,
  SMPP_STATUS.ESME_RINVSYSID,
])
const RETRYABLE_REFUSALS: ReadonlySet<number> = new Set([
  SMPP_STATUS.ESME_RTHROTTLED,
  SMPP_STATUS.ESME_RMSGQFUL,
])

/** A bind refused for its login or password: binding again only risks locking the account. */
export function isAuthFailure(code: number): boolean {
  return AUTH_FAILURES.has(code)
}

/** A submit refused for now (throttled, queue full): the same part may go again, slower. */
export function isRetryableRefusal(code: number): boolean {
  return RETRYABLE_REFUSALS.has(code)
}
