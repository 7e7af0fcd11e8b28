/**
 * The embedded sandbox: one local simulator per provider kind, started with the core, each
 * with throwaway credentials made per run (so the sandbox never touches the keychain).
 * A fresh install sends, gets receipts, does HLR and rents numbers with no account and no
 * network through these.
 */
import { randomBytes } from 'node:crypto'
import type { ProviderKind } from '../../../shared/contract'
import { sandboxDemoOutcome } from './demo'
import { GetsmsSimulator, type GetsmsSimulatorOptions } from './getsms-sim'
import { OsonSmsSimulator, type OsonSmsSimulatorOptions } from './osonsms-sim'
import { SmscHttpSimulator, type SmscHttpSimulatorOptions } from './smsc-http-sim'
import { SmsgateSimulator, type SmsgateSimulatorOptions } from './smsgate-sim'
import { SandboxSmsc, type SandboxSmscOptions } from './smsc'

/** Where a sandbox profile of a kind connects, and with what. */
export interface SandboxEndpoint {
  /** http://127.0.0.1:<port>/ for HTTP kinds; for SMPP the host and port. */
  baseUrl: string
  host: string
  port: number
  login: string
  secret: string
}

export interface SandboxOptions {
  smpp?: Partial<SandboxSmscOptions>
  osonsms?: Partial<OsonSmsSimulatorOptions>
  getsms?: GetsmsSimulatorOptions
  smscHttp?: SmscHttpSimulatorOptions
  smsgate?: SmsgateSimulatorOptions
}

/** A subscriber's message, as the sandbox sends it to the console. */
export interface SandboxSubscriberSms {
  /** Normalised digits. */
  from: string
  to: string
  text: string
}

const LOGIN = 'sandbox'

export class Sandbox {
  readonly smsc: SandboxSmsc
  readonly osonsms: OsonSmsSimulator
  readonly getsms: GetsmsSimulator
  readonly smscHttp: SmscHttpSimulator
  readonly smsgate: SmsgateSimulator
  private readonly secrets: Record<ProviderKind, string>

  constructor(options: SandboxOptions = {}) {
    const secret = () => randomBytes(6).toString('hex')
    this.secrets = {
      smpp: secret(),
      osonsms: secret(),
      'smsc-http': secret(),
      getsms: secret(),
      smsgate: secret(),
    }
    this.smsc = new SandboxSmsc({
      systemId: LOGIN,
      password: this.secrets.smpp,
      outcome: sandboxDemoOutcome,
      ...options.smpp,
    })
    this.osonsms = new OsonSmsSimulator({
      accounts: { [LOGIN]: this.secrets.osonsms },
      deliveryDelayMs: 1500,
      ...options.osonsms,
    })
    this.getsms = new GetsmsSimulator({
      login: LOGIN,
      password: this.secrets.getsms,
      nicknames: ['SANDBOX', 'InfoDesk'],
      ...options.getsms,
    })
    this.smscHttp = new SmscHttpSimulator({
      login: LOGIN,
      password: this.secrets['smsc-http'],
      ...options.smscHttp,
    })
    this.smsgate = new SmsgateSimulator({
      login: LOGIN,
      password: this.secrets.smsgate,
      ...options.smsgate,
    })
  }

  async start(): Promise<void> {
    await Promise.all([
      this.smsc.start(),
      this.osonsms.start(),
      this.getsms.start(),
      this.smscHttp.start(),
      this.smsgate.start(),
    ])
  }

  async stop(): Promise<void> {
    await Promise.all([
      this.smsc.stop(),
      this.osonsms.stop(),
      this.getsms.stop(),
      this.smscHttp.stop(),
      this.smsgate.stop(),
    ])
  }

  endpoint(kind: ProviderKind): SandboxEndpoint | null {
    switch (kind) {
      case 'smpp':
        return {
          baseUrl: `smpp://127.0.0.1:${this.smsc.port}`,
          host: '127.0.0.1',
          port: this.smsc.port,
          login: LOGIN,
          secret: this.secrets.smpp,
        }
      case 'osonsms':
        return this.http(this.osonsms.url, kind)
      case 'getsms':
        return this.http(this.getsms.url, kind)
      case 'smsc-http':
        return this.http(this.smscHttp.url, kind)
      case 'smsgate':
        return this.http(this.smsgate.url, kind)
      default:
        return null
    }
  }

  /**
   * How the simulator of a kind sends the console a subscriber's message, or null when that
   * provider has no inbound messages. It resolves with the parts the console acknowledged, or
   * null when no console is connected to receive it.
   */
  inboundOf(kind: ProviderKind): ((sms: SandboxSubscriberSms) => Promise<number | null>) | null {
    switch (kind) {
      case 'smpp':
        return async ({ from, to, text }) => {
          if (this.smsc.boundCount() === 0) return null
          // 0 parts while the console could not store the message yet.
          return this.smsc.injectInbound({ from, to, text })
        }
      case 'smsc-http':
        // Fetched by the console's next poll: nothing to acknowledge now.
        return async ({ from, to, text }) => {
          this.smscHttp.injectInbound({ phone: from, message: text, toPhone: to })
          return 1
        }
      default:
        return null
    }
  }

  private http(url: string, kind: ProviderKind): SandboxEndpoint {
    const u = new URL(url)
    return {
      baseUrl: `${url}/`,
      host: u.hostname,
      port: Number(u.port),
      login: LOGIN,
      secret: this.secrets[kind],
    }
  }
}
