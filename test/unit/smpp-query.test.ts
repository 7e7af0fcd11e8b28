// query_sm_resp → DeliveryReceipt: the same state mapping as a deliver_sm receipt, under the id
// the question used; ESME_RINVMSGID → 'missing'. Every reason code has a text.
import { describe, expect, it } from 'vitest'
import {
  MESSAGE_STATE_STAT,
  missingFromQuery,
  receiptFromQuery,
} from '../../src/main/core/providers/smpp/receipt'
import { REASON_CODES } from '../../src/shared/reason-codes'

describe('query_sm answers', () => {
  it.each([
    [1, 'ENROUTE', 'enroute'],
    [2, 'DELIVRD', 'delivered'],
    [3, 'EXPIRED', 'expired'],
    [4, 'DELETED', 'failed'],
    [5, 'UNDELIV', 'failed'],
    [6, 'ACCEPTD', 'accepted'],
    [7, 'UNKNOWN', 'unknown'],
    [8, 'REJECTD', 'failed'],
    [0, 'UNKNOWN', 'unknown'],
    [42, 'UNKNOWN', 'unknown'],
  ])('message_state %i reads as %s (%s)', (state, stat, outcome) => {
    const r = receiptFromQuery(
      '000A1B',
      { messageId: '000A1B', messageState: state, errorCode: 11, finalDate: null },
      5,
    )
    expect(r).toMatchObject({ providerId: 'a1b', stat, outcome, err: '011', receivedAt: 5 })
    expect(r.reasonCode == null || r.reasonCode in REASON_CODES).toBe(true)
    expect(r.raw).toContain(`message_state=${state}`)
  })

  it('covers every state a deliver_sm receipt knows', () => {
    for (const [state, stat] of Object.entries(MESSAGE_STATE_STAT)) {
      const r = receiptFromQuery(
        '1',
        { messageId: '1', messageState: Number(state), errorCode: 0, finalDate: null },
        0,
      )
      expect(r.stat).toBe(stat)
    }
  })

  it('keeps the final date in the raw record', () => {
    const r = receiptFromQuery(
      '7',
      { messageId: '7', messageState: 2, errorCode: 0, finalDate: '2024-05-01T10:00:00.000Z' },
      0,
    )
    expect(r).toMatchObject({ outcome: 'delivered', reasonCode: null, err: '000' })
    expect(r.raw).toContain('final_date=2024-05-01T10:00:00.000Z')
  })

  it('an unknown id is missing, with a reason the operator can read', () => {
    const r = missingFromQuery('00123', 9)
    expect(r).toMatchObject({ providerId: '123', outcome: 'missing', err: null, hlr: null })
    expect(REASON_CODES[r.reasonCode ?? '']?.en).toBeTruthy()
  })
})
