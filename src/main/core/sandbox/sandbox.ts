/**
 * The embedded sandbox: one local simulator per provider kind, started with the core, each
 * with throwaway credentials made per run (so the sandbox never touches the keychain).
 * A fresh install sends, gets receipts, does HLR and rents numbers with no account and no
 * network through these.
 */
import { randomBytes } from 'node:crypto'
import type { ProviderKind } from '../../../shared/contract'
import { sandboxDemoOutcome } from './demo'
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
}

export class Sandbox {
  readonly smsc: SandboxSmsc
  private readonly smppPassword = randomBytes(6).toString('hex')

  constructor(options: SandboxOptions = {}) {
    this.smsc = new SandboxSmsc({
      systemId: 'sandbox',
      password: this.smppPassword,
      outcome: sandboxDemoOutcome,
      ...options.smpp,
    })
  }

  async start(): Promise<void> {
    await this.smsc.start()
  }

  async stop(): Promise<void> {
    await this.smsc.stop()
  }

  endpoint(kind: ProviderKind): SandboxEndpoint | null {
    switch (kind) {
      case 'smpp':
        return {
          baseUrl: `smpp://127.0.0.1:${this.smsc.port}`,
          host: '127.0.0.1',
          port: this.smsc.port,
          login: 'sandbox',
          secret: this.smppPassword,
        }
      default:
        return null
    }
  }
}
