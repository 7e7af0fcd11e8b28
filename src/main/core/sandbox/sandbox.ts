/**
 * The embedded sandbox: one local simulator per provider kind (each kind's descriptor makes
 * its own), started with the core, each with throwaway credentials made per run (so the sandbox
 * never touches the keychain). A fresh install sends, gets receipts, does HLR and rents numbers
 * with no account and no network through these.
 */
import { randomBytes } from 'node:crypto'
import type { ProviderKind } from '../../../shared/contract'
import type { RunningSimulator, SandboxEndpoint, SubscriberSms } from '../providers/descriptor'
import { PROVIDERS, type SimulatorTuning } from '../providers/registry'

export type { SandboxEndpoint } from '../providers/descriptor'

/** Test switches of each kind's simulator, keyed by kind. */
export type SandboxOptions = SimulatorTuning

/** A subscriber's message, as the sandbox sends it to the console. */
export type SandboxSubscriberSms = SubscriberSms

const LOGIN = 'sandbox'

interface Simulated {
  simulator: RunningSimulator
  secret: string
}

export class Sandbox {
  private readonly kinds: ReadonlyMap<ProviderKind, Simulated>

  constructor(options: SandboxOptions = {}) {
    const kinds = new Map<ProviderKind, Simulated>()
    for (const [kind, d] of Object.entries(PROVIDERS) as [
      ProviderKind,
      (typeof PROVIDERS)[ProviderKind],
    ][]) {
      const secret = randomBytes(6).toString('hex')
      const tuning = { ...(d.simulator.sandbox as object), ...(options[kind] as object) }
      kinds.set(kind, { simulator: d.simulator.create({ login: LOGIN, secret }, tuning), secret })
    }
    this.kinds = kinds
  }

  async start(): Promise<void> {
    await Promise.all([...this.kinds.values()].map((k) => k.simulator.start()))
  }

  async stop(): Promise<void> {
    await Promise.all([...this.kinds.values()].map((k) => k.simulator.stop()))
  }

  /** Where each simulator listens, for the log. */
  describe(): string {
    return [...this.kinds].map(([kind, k]) => `${kind} ${k.simulator.url}`).join(', ')
  }

  endpoint(kind: ProviderKind): SandboxEndpoint | null {
    const k = this.kinds.get(kind)
    return k ? { ...k.simulator.endpoint(), login: LOGIN, secret: k.secret } : null
  }

  /**
   * How the simulator of a kind sends the console a subscriber's message, or null when that
   * provider has no inbound messages. It resolves with the parts the console acknowledged, or
   * null when no console is connected to receive it.
   */
  inboundOf(kind: ProviderKind): ((sms: SandboxSubscriberSms) => Promise<number | null>) | null {
    const simulator = this.kinds.get(kind)?.simulator
    return simulator?.inbound ? (sms) => simulator.inbound!(sms) : null
  }

  /**
   * How the simulator of a kind makes a customer call the number it gave them to verify theirs,
   * or null when that provider does not verify numbers by call.
   */
  customerCallOf(kind: ProviderKind): ((from: string) => Promise<string | null>) | null {
    const simulator = this.kinds.get(kind)?.simulator
    return simulator?.customerCall ? (from) => simulator.customerCall!(from) : null
  }
}
