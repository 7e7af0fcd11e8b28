// Every code a provider mapping can produce has a text in every language of the console.
import { describe, expect, it } from 'vitest'
import { GETSMS_ERRORS, mapGetsmsError } from '../../src/main/core/providers/getsms/provider'
import {
  OSONSMS_DUPLICATE_NO_ID,
  OSONSMS_ERRORS,
  osonReasonCode,
} from '../../src/main/core/providers/osonsms/provider'
import { MESSAGE_STATE_STAT, buildReceipt } from '../../src/main/core/providers/smpp/receipt'
import { SMPP_STATUS_REASON, smppStatusCode } from '../../src/main/core/providers/smpp/session'
import {
  SMSC_SEND_ERRORS,
  SMSC_STATUSES,
  SMSC_STATUS_ERRORS,
  mapStatus,
  sendErrorOutcome as smscSendOutcome,
} from '../../src/main/core/providers/smsc-http/provider'
import {
  SMSGATE_ERRORS,
  SMSGATE_OTHER,
  smsgateErrorOutcome,
} from '../../src/main/core/providers/smsgate/errors'
import { REASON_CODES } from '../../src/shared/reason-codes'
import type { SubmitOutcome } from '../../src/main/core/providers/types'

function reasonCodeOf(o: SubmitOutcome | { reasonCode: string | null }): string {
  const code = 'reasonCode' in o ? o.reasonCode : null
  expect(code).toBeTruthy()
  return code ?? ''
}

const codes = (): string[] => {
  const out: string[] = []
  for (const code of Object.keys(OSONSMS_ERRORS)) out.push(osonReasonCode(Number(code)))
  out.push(osonReasonCode(999), OSONSMS_DUPLICATE_NO_ID)
  for (const code of Object.keys(SMSC_SEND_ERRORS))
    out.push(reasonCodeOf(smscSendOutcome(Number(code))))
  out.push(reasonCodeOf(smscSendOutcome(77)))
  for (const status of Object.keys(SMSC_STATUSES)) {
    const mapped = mapStatus(Number(status), null)
    if (mapped.reasonCode !== null) out.push(mapped.reasonCode)
    out.push(`smsc:status:${status}`)
  }
  for (const err of Object.keys(SMSC_STATUS_ERRORS)) {
    const mapped = mapStatus(20, Number(err))
    out.push(reasonCodeOf(mapped))
    out.push(`smsc:err:${err}`)
  }
  for (const code of Object.keys(GETSMS_ERRORS))
    out.push(reasonCodeOf(mapGetsmsError(Number(code), null, { scope: 'item' })))
  out.push(reasonCodeOf(mapGetsmsError(999, null, { scope: 'request' })))
  for (const kind of [...SMSGATE_ERRORS, SMSGATE_OTHER]) out.push(`smsgate:${kind.code}`)
  out.push(reasonCodeOf(smsgateErrorOutcome('что-то новое', true)))
  out.push('smsgate:state:not_deliver', 'smsgate:state:expired', 'smsgate:state:partly_deliver')
  for (const code of Object.keys(SMPP_STATUS_REASON)) out.push(smppStatusCode(Number(code)))
  out.push(smppStatusCode(0x400))
  for (const stat of Object.values(MESSAGE_STATE_STAT)) out.push(`smpp:stat:${stat}`)
  return out
}

describe('reason codes', () => {
  it('has an English and a Russian text for every code of every provider', () => {
    const missing = codes().filter((c) => !REASON_CODES[c]?.en || !REASON_CODES[c]?.ru)
    expect(missing).toEqual([])
  })

  it('builds the documented code strings', () => {
    expect(osonReasonCode(119)).toBe('osonsms:119')
    expect(smppStatusCode(0x0b)).toBe('smpp:status:0x0000000b')
    expect(mapStatus(20, 253).reasonCode).toBe('smsc:err:253')
    expect(mapStatus(20, null).reasonCode).toBe('smsc:status:20')
    expect(mapStatus(1, null).reasonCode).toBeNull()
    const r = buildReceipt('id:1 stat:UNDELIV err:001', {}, 0)
    expect(r.ok && r.receipt.reasonCode).toBe('smpp:stat:UNDELIV')
  })
})
