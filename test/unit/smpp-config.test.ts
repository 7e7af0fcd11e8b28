import { describe, expect, it } from 'vitest'
import {
  smppSessionConfig,
  type SmppSessionOptions,
} from '../../src/main/core/providers/smpp/config'

const base: SmppSessionOptions = {
  profileId: 'p1',
  hosts: [{ host: 'smpp.example', port: 2775 }],
  systemId: 'login',
  password: 'secret',
}

describe('SMPP session settings', () => {
  it('fills in every default', () => {
    expect(smppSessionConfig(base)).toEqual({
      ...base,
      enquireLinkMs: 30_000,
      enquireLinkTimeoutMs: 10_000,
      responseTimeoutMs: 30_000,
      bindTimeoutMs: 15_000,
      unbindTimeoutMs: 2_000,
      window: 100,
      ratePerSecond: 30,
      maxThrottleRetries: 50,
      maxUnansweredDeliverSm: 1000,
      longMessageMode: 'udh',
      inboundAssemblyMs: 300_000,
      reconnectInitialMs: 1_000,
      reconnectMaxMs: 60_000,
      reconnectJitter: 0.2,
      systemType: '',
      iso: false,
      rate: {
        configured: 30,
        floor: 1,
        decreaseFactor: undefined,
        increaseStep: undefined,
        quietMs: undefined,
      },
    })
  })

  it('keeps window, rate and deliver_sm backlog at least 1 and the jitter within 0..1', () => {
    const c = smppSessionConfig({
      ...base,
      window: 0,
      ratePerSecond: 0.2,
      maxUnansweredDeliverSm: -5,
      reconnectJitter: 3,
    })
    expect(c).toMatchObject({ window: 1, ratePerSecond: 1, maxUnansweredDeliverSm: 1 })
    expect(c.rate.configured).toBe(1)
    expect(c.reconnectJitter).toBe(1)
    expect(smppSessionConfig({ ...base, reconnectJitter: -1 }).reconnectJitter).toBe(0)
  })

  it('hands the rate settings to the rate control', () => {
    const c = smppSessionConfig({
      ...base,
      ratePerSecond: 50,
      minRatePerSecond: 5,
      rateDecreaseFactor: 0.5,
      rateIncreaseStep: 2,
      rateQuietMs: 300,
    })
    expect(c.rate).toEqual({
      configured: 50,
      floor: 5,
      decreaseFactor: 0.5,
      increaseStep: 2,
      quietMs: 300,
    })
  })

  it('builds system_type from the profile list or an object, and knows ISO', () => {
    expect(smppSessionConfig({ ...base, systemType: ['iso', 'MCON2'] })).toMatchObject({
      systemType: 'MCON2,ISO',
      iso: true,
    })
    expect(smppSessionConfig({ ...base, systemType: { single: true } })).toMatchObject({
      systemType: 'SINGLE',
      iso: false,
    })
  })

  it('refuses a profile without hosts or with an unknown flag', () => {
    expect(() => smppSessionConfig({ ...base, hosts: [] })).toThrow(
      'SMPP profile needs at least one host',
    )
    expect(() => smppSessionConfig({ ...base, systemType: ['TURBO'] })).toThrow(RangeError)
  })
})
