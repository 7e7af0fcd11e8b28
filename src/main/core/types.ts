import type { EventName, EventPayload, Reply } from '../../shared/contract'

export type CoreEventListener = <K extends EventName>(name: K, payload: EventPayload<K>) => void

/** The console's core as the adapters (Electron IPC, WebSocket) see it. */
export interface Core {
  /** Validates and runs one call; never throws. */
  handle(name: unknown, request: unknown): Promise<Reply<unknown>>
  /** Push events toward every connected renderer. Returns an unsubscribe function. */
  subscribe(listener: CoreEventListener): () => void
  /** Drain, unbind the SMPP sessions, close the database. */
  close(): Promise<void>
  /**
   * A team server: what a provider posted to its handler for a profile (SMSC's statuses,
   * replies, verifying calls), checked and stored. Absent on a workstation.
   */
  providerCallback?(
    profileId: string,
    params: Readonly<Record<string, string>>,
  ): Promise<import('./callbacks/handler').CallbackAnswer>
}

export interface CoreOptions {
  /** Folder for the database and logs. */
  dataDir: string
  mode: 'electron' | 'browser'
  version: string
  /** Path to a better-sqlite3 binary built for this runtime (Electron), if not the default. */
  sqliteNativeBinding?: string
  /**
   * The desktop shell's open dialog for bulk import: the chosen path, or null when the operator
   * closed it. Absent in browser mode.
   */
  chooseImportFile?: (title: string) => Promise<string | null>
  /**
   * The database was refused (damaged, emptied, missing): set it aside and start on the newest
   * backup that passes its check. A sound database is never replaced.
   */
  restoreBackup?: boolean
  /** Backup timing, if not the default (a minute after start, then every 6 hours, keep 3). */
  backups?: Partial<import('./db/backup').BackupSchedule>
  /**
   * The History reader's worker script (out/main/history-worker.js beside the entry point);
   * from source it is found by itself. Without one, History reads run on main's thread.
   */
  historyWorker?: string
  /**
   * The storage worker's script (out/main/storage-worker.js beside the entry point), where the
   * stores' SQL runs; from source it is found by itself. Without one, it runs on main's thread.
   */
  storageWorker?: string
  /**
   * The workbook reader's script (out/main/workbook-worker.js beside the entry point), which
   * turns an imported .xlsx into CSV; from source it is found by itself. Without one, on main.
   */
  workbookWorker?: string
  /** Hears every event from the very start, before createCore returns (subscribe hears later). */
  onEvent?: CoreEventListener
  /** Replace the OS keychain (only for tests that cannot reach a Secret Service). */
  vault?: import('./vault/vault').Vault
  /**
   * The data folder, already opened with these options: browser mode opens it before it serves
   * the page, so a refused folder is said before any URL. Opened here when absent; the core
   * closes it either way.
   */
  folder?: import('./db/folder').DataFolder
}
