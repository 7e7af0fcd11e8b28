/**
 * What the API handlers of each area (src/main/core/api/<area>.ts) may use of the core. They
 * get this instead of reaching into createCore, so an area can be read and tested alone.
 */
import type { EventName, EventPayload, OutboxMessage, ProviderProfile } from '../../shared/contract'
import type { AppInfo } from '../../shared/domain'
import type { Handlers } from './api/router'
import type { HistoryReader } from './history/reader'
import type { Log } from './log'
import type { StoredProfile } from './profiles/profiles'
import type { ProviderConnection } from './providers/types'
import type { Leases } from './runtime/coordination'
import type { ProfileRuntimes } from './runtime/profile-runtimes'
import type { Sandbox } from './sandbox/sandbox'
import type { StorageHealth } from './storage/health'
import type { AuditStore } from './team/audit'
import type { Stores } from './stores/stores'
import type { CoreOptions } from './types'
import type { Vault } from './vault/vault'

/** The stores (src/main/core/stores: async, whatever database is behind them) and the rest. */
export interface CoreContext extends Stores {
  options: Pick<CoreOptions, 'dataDir' | 'version' | 'chooseImportFile' | 'workbookWorker'> & {
    mode: AppInfo['mode']
  }
  vault: Vault
  sandbox: Sandbox
  log: Log
  emit<K extends EventName>(name: K, payload: EventPayload<K>): void
  /** Push changed messages to every window. */
  emitMessages(messages: OutboxMessage[]): void
  /** The profile or an ApiError NOT_FOUND naming it. */
  requireProfile(id: string): Promise<StoredProfile>
  /** The live connection of a profile, if it runs. */
  connection(profileId: string): ProviderConnection | null
  /** Something was queued for this profile: send it now. */
  wake(profileId: string): void
  /** Stop and start a profile again (after its settings or password changed). */
  restartProfile(profileId: string): Promise<void>
  /** A profile as the renderer sees it (no secrets). */
  profileView(profile: StoredProfile): ProviderProfile
  /** Tell every window the profiles changed (profiles.changed with the whole list). */
  profilesChanged(): Promise<void>
  /** Writers the disk holds back report here; every window hears about it. */
  storage: StorageHealth
  /** Each profile's connection and dispatcher at work. */
  runtimes: ProfileRuntimes
  /** History and reports' reads, off main's thread. */
  history: HistoryReader
  /**
   * One of several servers on one database: an import holds a lease (`import:<batch id>`)
   * while it runs here, so the other servers can tell it from one whose server died.
   */
  leases?: Leases
  /** A team server's audit trail, searched and exported by supervisors; null on a workstation. */
  audit: AuditStore | null
}

/** The handlers for one area's calls: `HandlersFor<typeof historyCalls>`. */
export type HandlersFor<C> = { [K in keyof C & keyof Handlers]: Handlers[K] }
