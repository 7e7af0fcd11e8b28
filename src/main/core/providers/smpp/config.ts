/**
 * Every setting of an SMPP session with its default, and the options resolved into what the
 * session runs with (defaults filled in, system_type built, the rate control's settings).
 */
import type { RateControlOptions } from './rate'
import { buildSystemType, toSystemTypeFlags, type SystemTypeFlags } from './pdu'

export interface SmppHost {
  host: string
  port: number
}

export interface SmppSessionOptions {
  profileId: string
  /** Primary first, then backups; each reconnect round tries them in order. */
  hosts: SmppHost[]
  tls?: boolean
  /** Extra trusted CA (PEM) for TLS, e.g. a test certificate. */
  ca?: string | Buffer | Array<string | Buffer>
  /** Default true; only a test or an explicit operator choice may turn it off. */
  rejectUnauthorized?: boolean
  systemId: string
  password: string
  /** SMSC flags, as an object or the profile's list (`['MCON2', 'SINGLE']`); default none. */
  systemType?: SystemTypeFlags | readonly string[]
  /** Keep-alive period (default 30 s, well inside SMSC's 2-minute idle limit). */
  enquireLinkMs?: number
  /** No enquire_link_resp within this → the link is dead (default 10 s). */
  enquireLinkTimeoutMs?: number
  /** Per request: no response within this → `unknown` (default 30 s). */
  responseTimeoutMs?: number
  /** TCP/TLS connect plus bind must finish within this (default 15 s). */
  bindTimeoutMs?: number
  /** On stop: wait this long for in-flight answers, then as long again for unbind_resp (default 2 s). */
  unbindTimeoutMs?: number
  /** Max unanswered submit_sm (default 100). */
  window?: number
  /** Parts per second, every part of a long message counted (default 30): the ceiling. */
  ratePerSecond?: number
  /** After ESME_RTHROTTLED / ESME_RMSGQFUL the rate never drops below this (default 1). */
  minRatePerSecond?: number
  /** The rate is multiplied by this on throttling (default 0.7). */
  rateDecreaseFactor?: number
  /** Parts per second won back per quiet period (default a tenth of ratePerSecond, ≥ 1). */
  rateIncreaseStep?: number
  /** A period this long without throttling earns one step back up (default 1 s). */
  rateQuietMs?: number
  /**
   * Most deliver_sm waiting for `stored()` (default 1000). Beyond it a receipt or the last part
   * of an inbound message is answered ESME_RX_T_APPN, so the SMSC delivers it again later.
   */
  maxUnansweredDeliverSm?: number
  /** Give up on a part refused this many times in a row (default 50). */
  maxThrottleRetries?: number
  /** First reconnect delay after a drop or a failed round over all hosts (default 1 s). */
  reconnectInitialMs?: number
  /** Back-off doubles per failed round up to this (default 60 s). */
  reconnectMaxMs?: number
  /** 0..1: each delay is spread by ± this fraction so clients do not retry in step (default 0.2). */
  reconnectJitter?: number
  /** 'udh' (default): 05 00 03 ref total seq, esm_class 0x40; 'payload': message_payload TLV. */
  longMessageMode?: 'udh' | 'payload'
  /** How long to wait for the missing parts of a concatenated inbound message (default 5 min). */
  inboundAssemblyMs?: number
}

/** The options with every default filled in: what the session runs with. */
export interface SmppSessionConfig extends Required<
  Omit<
    SmppSessionOptions,
    | 'ca'
    | 'systemType'
    | 'tls'
    | 'rejectUnauthorized'
    | 'minRatePerSecond'
    | 'rateDecreaseFactor'
    | 'rateIncreaseStep'
    | 'rateQuietMs'
  >
> {
  /** As sent in the bind, e.g. "MCON2,SINGLE". */
  systemType: string
  /** system_type ISO: the SMSC reads data_coding 0 as ISO-8859-1. */
  iso: boolean
  rate: RateControlOptions
}

/** Fills in the defaults; throws RangeError on no host or an unknown system_type flag. */
export function smppSessionConfig(options: SmppSessionOptions): SmppSessionConfig {
  if (options.hosts.length === 0) throw new RangeError('SMPP profile needs at least one host')
  const ratePerSecond = Math.max(1, options.ratePerSecond ?? 30)
  const flags = toSystemTypeFlags(options.systemType ?? [])
  return {
    profileId: options.profileId,
    hosts: options.hosts,
    systemId: options.systemId,
    password: options.password,
    enquireLinkMs: options.enquireLinkMs ?? 30_000,
    enquireLinkTimeoutMs: options.enquireLinkTimeoutMs ?? 10_000,
    responseTimeoutMs: options.responseTimeoutMs ?? 30_000,
    bindTimeoutMs: options.bindTimeoutMs ?? 15_000,
    unbindTimeoutMs: options.unbindTimeoutMs ?? 2_000,
    window: Math.max(1, options.window ?? 100),
    ratePerSecond,
    maxThrottleRetries: options.maxThrottleRetries ?? 50,
    maxUnansweredDeliverSm: Math.max(1, options.maxUnansweredDeliverSm ?? 1000),
    longMessageMode: options.longMessageMode ?? 'udh',
    inboundAssemblyMs: options.inboundAssemblyMs ?? 5 * 60_000,
    reconnectInitialMs: options.reconnectInitialMs ?? 1_000,
    reconnectMaxMs: options.reconnectMaxMs ?? 60_000,
    reconnectJitter: Math.min(1, Math.max(0, options.reconnectJitter ?? 0.2)),
    systemType: buildSystemType(flags),
    iso: flags.iso === true,
    rate: {
      configured: ratePerSecond,
      floor: options.minRatePerSecond ?? 1,
      decreaseFactor: options.rateDecreaseFactor,
      increaseStep: options.rateIncreaseStep,
      quietMs: options.rateQuietMs,
    },
  }
}
