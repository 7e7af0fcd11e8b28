import { describe, expect, it } from 'vitest'
import {
  describeSmppStatus,
  isAuthFailure,
  isRetryableRefusal,
  SMPP_STATUS,
  smppStatusCode,
} from '../../src/main/core/providers/smpp/status'

describe('SMPP command_status', () => {
  it('is described by name, hex and reason', () => {
    expect(describeSmppStatus(SMPP_STATUS.ESME_RINVPASWD)).toBe(
      'ESME_RINVPASWD (0x0E): invalid password',
    )
    expect(describeSmppStatus(SMPP_STATUS.ESME_RTHROTTLED)).toBe(
      'ESME_RTHROTTLED (0x58): throttled (too many messages per second)',
    )
  })

  it('a known name without a reason shows name and hex; an unknown code shows hex', () => {
    expect(describeSmppStatus(SMPP_STATUS.ESME_RX_T_APPN)).toBe('ESME_RX_T_APPN (0x64)')
    expect(describeSmppStatus(0x400)).toBe('status (0x400)')
  })

  it('has a reason code for each documented status and one shared by the rest', () => {
    expect(smppStatusCode(SMPP_STATUS.ESME_RINVDSTADR)).toBe('smpp:status:0x0000000b')
    expect(smppStatusCode(0x62)).toBe('smpp:status:0x00000062')
    expect(smppStatusCode(0x400)).toBe('smpp:status:other')
    expect(smppStatusCode(SMPP_STATUS.ESME_RX_T_APPN)).toBe('smpp:status:other')
  })

  it('a refused login or password is an auth failure; a system error is not', () => {
    expect(isAuthFailure(SMPP_STATUS.ESME_RBINDFAIL)).toBe(true)
    expect(isAuthFailure(SMPP_STATUS.ESME_RINVPASWD)).toBe(true)
    expect(isAuthFailure(SMPP_STATUS.ESME_RINVSYSID)).toBe(true)
    expect(isAuthFailure(SMPP_STATUS.ESME_RSYSERR)).toBe(false)
    expect(isAuthFailure(SMPP_STATUS.ESME_RALYBND)).toBe(false)
  })

  it('throttled and queue full may be sent again; a refused destination may not', () => {
    expect(isRetryableRefusal(SMPP_STATUS.ESME_RTHROTTLED)).toBe(true)
    expect(isRetryableRefusal(SMPP_STATUS.ESME_RMSGQFUL)).toBe(true)
    expect(isRetryableRefusal(SMPP_STATUS.ESME_RINVDSTADR)).toBe(false)
    expect(isRetryableRefusal(SMPP_STATUS.ESME_RSUBMITFAIL)).toBe(false)
  })
})
