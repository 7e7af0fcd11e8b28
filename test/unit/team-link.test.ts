// The rules of a console's link to a team server that need no server: which certificate is
// trusted (the system's word, the fingerprint the agent accepted, never a changed one), which
// addresses are a server's, and how a kept send moves from waiting to handed or failed.
import { describe, expect, it } from 'vitest'
import {
  isCertificateError,
  judgeCertificate,
  normaliseServerUrl,
  PinMismatchError,
  sameFingerprint,
} from '../../src/main/core/team/certificate'
import {
  handoverMove,
  placeholderOf,
  settleHandover,
  type HandoverEvent,
} from '../../src/main/core/team/handover'
import { HANDOVER_STATES } from '../../src/shared/calls/team-link'

const FP = Array.from({ length: 32 }, (_, i) => (i * 7).toString(16).padStart(2, '0'))
  .join(':')
  .toUpperCase()
const OTHER = FP.replace(/^00/, '01')

describe('which certificate a console trusts', () => {
  it('compares fingerprints as hex, whatever their case, colons or spaces', () => {
    expect(sameFingerprint(FP, FP.toLowerCase())).toBe(true)
    expect(sameFingerprint(FP.replace(/:/g, ''), FP)).toBe(true)
    expect(sameFingerprint(FP.replace(/:/g, ' '), FP)).toBe(true)
    expect(sameFingerprint(FP, OTHER)).toBe(false)
    // Something that is not a SHA-256 fingerprint matches nothing, not even itself.
    expect(sameFingerprint('', '')).toBe(false)
    expect(sameFingerprint('AB:CD', 'AB:CD')).toBe(false)
  })

  it('takes what the system trusts, and otherwise only what the agent accepted', () => {
    expect(judgeCertificate({ fingerprint: FP, trusted: true }, null, undefined)).toEqual({
      kind: 'trusted',
    })
    // A server renewed with a certificate the system trusts is taken like any other such.
    expect(judgeCertificate({ fingerprint: FP, trusted: true }, OTHER, undefined)).toEqual({
      kind: 'trusted',
    })
    expect(judgeCertificate({ fingerprint: FP, trusted: false }, null, undefined)).toEqual({
      kind: 'ask',
    })
    expect(judgeCertificate({ fingerprint: FP, trusted: false }, null, OTHER)).toEqual({
      kind: 'ask',
    })
    expect(judgeCertificate({ fingerprint: FP, trusted: false }, null, FP.toLowerCase())).toEqual({
      kind: 'accept',
    })
    expect(judgeCertificate({ fingerprint: FP, trusted: false }, FP, undefined)).toEqual({
      kind: 'pinned',
    })
  })

  it('refuses a changed certificate on a known server, even when the agent offers to accept it', () => {
    for (const accepting of [undefined, OTHER]) {
      expect(judgeCertificate({ fingerprint: OTHER, trusted: false }, FP, accepting)).toEqual({
        kind: 'changed',
        was: FP,
      })
    }
  })

  it('tells a refused certificate from a network failure', () => {
    expect(isCertificateError(new PinMismatchError(OTHER))).toBe(true)
    for (const code of [
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'SELF_SIGNED_CERT_IN_CHAIN',
      'CERT_HAS_EXPIRED',
      'ERR_TLS_CERT_ALTNAME_INVALID',
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    ]) {
      expect([code, isCertificateError(Object.assign(new Error('x'), { code }))]).toEqual([
        code,
        true,
      ])
    }
    for (const code of ['ECONNREFUSED', 'ETIMEDOUT', 'ECONNRESET']) {
      expect(isCertificateError(Object.assign(new Error('x'), { code }))).toBe(false)
    }
  })

  it('keeps a server’s address as https://host:port, and refuses what cannot be one', () => {
    expect(normaliseServerUrl(' https://team.office.tj:8443/ ')).toBe('https://team.office.tj:8443')
    expect(normaliseServerUrl('team.office.tj:8443')).toBe('https://team.office.tj:8443')
    expect(normaliseServerUrl('wss://10.0.0.5:8443')).toBe('https://10.0.0.5:8443')
    expect(normaliseServerUrl('https://team.office.tj:443')).toBe('https://team.office.tj')
    expect(normaliseServerUrl('https://[::1]:8443')).toBe('https://[::1]:8443')
    for (const bad of [
      'http://team.office.tj:8443',
      'ftp://team.office.tj',
      'https://user:pw@team.office.tj',
      'https://team.office.tj/api',
      'https://team.office.tj/?x=1',
      'https://',
      '',
    ]) {
      expect([bad, normaliseServerUrl(bad)]).toEqual([bad, null])
    }
  })
})

describe('a send kept for the team server', () => {
  it('moves only along its path: waiting, sending, then handed or failed for good', () => {
    const moves: [string, HandoverEvent, string | null][] = [
      ['waiting', 'send', 'sending'],
      ['waiting', 'drop', 'failed'],
      ['waiting', 'recover', 'waiting'],
      ['waiting', 'handed', null],
      ['waiting', 'refused', null],
      ['sending', 'handed', 'handed'],
      ['sending', 'refused', 'failed'],
      ['sending', 'retry', 'waiting'],
      ['sending', 'recover', 'waiting'],
      ['sending', 'drop', null],
      ['sending', 'send', null],
    ]
    for (const [from, event, to] of moves) {
      expect([from, event, handoverMove(from as 'waiting', event)]).toEqual([from, event, to])
    }
    // Handed and failed are final: nothing moves them again.
    for (const end of ['handed', 'failed'] as const) {
      for (const event of ['send', 'handed', 'refused', 'retry', 'drop', 'recover'] as const) {
        expect(handoverMove(end, event)).toBe(null)
      }
    }
    expect(HANDOVER_STATES).toEqual(['waiting', 'sending', 'handed', 'failed'])
  })

  it('reads the server’s answer: taken, refused for good, or to be tried again', () => {
    expect(settleHandover({ ok: true, result: { id: 41, state: 'queued' } })).toEqual({
      event: 'handed',
      messageId: 41,
    })
    // No answer (the connection dropped): tried again under the same key.
    expect(settleHandover(null)).toEqual({ event: 'retry', signedOut: false })
    for (const code of ['UNAVAILABLE', 'INTERNAL'] as const) {
      expect(settleHandover({ ok: false, error: { code, message: 'busy' } })).toEqual({
        event: 'retry',
        signedOut: false,
      })
    }
    expect(
      settleHandover({ ok: false, error: { code: 'UNAUTHORIZED', message: 'sign in' } }),
    ).toEqual({ event: 'retry', signedOut: true })
    for (const code of ['FORBIDDEN', 'BAD_REQUEST', 'NOT_FOUND', 'CONFLICT'] as const) {
      expect(settleHandover({ ok: false, error: { code, message: 'no' } })).toEqual({
        event: 'refused',
        error: `${code}: no`,
      })
    }
  })

  it('shows as a queued message waiting for the server, never with one of the server’s ids', () => {
    const request = {
      profileId: 'sandbox',
      sender: 'InfoDesk',
      phone: '+992 90 123 4567',
      text: 'Ваш заказ готов',
      idempotencyKey: 'kept-0001',
    }
    const waiting = placeholderOf({ id: 3, request, state: 'waiting', createdAt: 5, error: null })
    expect(waiting).toMatchObject({
      id: Number.MAX_SAFE_INTEGER - 3,
      phone: '992901234567',
      state: 'queued',
      encoding: 'UCS2',
      parts: 1,
      errorCode: 'team:waiting',
      batchId: null,
    })
    const refused = placeholderOf({
      id: 3,
      request,
      state: 'failed',
      createdAt: 5,
      error: 'FORBIDDEN: no',
    })
    expect(refused).toMatchObject({ state: 'failed', error: 'FORBIDDEN: no', errorCode: null })
  })
})
