/**
 * Why the console refused to start on its data folder: another console holds it, or the
 * database there is damaged, emptied or missing. The phrase says it in the operator's language;
 * `backup` is the newest good backup the refusal can offer to restore, if there is one.
 */
import type { PhraseRef } from '../../../shared/domain'
import { englishOf } from '../../../shared/phrases'

export type FolderRefusal =
  /** Another console process holds the data folder. */
  | 'locked'
  /** The database fails its check (a page overwritten, not an SQLite file any more). */
  | 'damaged'
  /** The database is empty or holds none of the data it once held. */
  | 'emptied'
  /** The database file is gone although the folder held one. */
  | 'missing'
  /** A restore was asked for, but no backup passes its check. */
  | 'noBackup'

/** A backup that passed its check when it was taken. */
export interface BackupFile {
  path: string
  /** When it was taken (epoch ms). */
  takenAt: number
}

export class DataFolderError extends Error {
  /** The message as a phrase, for the operator's language. */
  readonly phrase: PhraseRef

  constructor(
    readonly kind: FolderRefusal,
    said: PhraseRef,
    /** The newest good backup, when restoring it would let the console start. */
    readonly backup: BackupFile | null = null,
  ) {
    super(englishOf(said))
    this.name = 'DataFolderError'
    this.phrase = said
  }
}

/** Local time as an operator reads it in a message: 2025-03-14 09:26. */
export function localTime(ms: number): string {
  const d = new Date(ms)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`
}
