/**
 * The History worker's read-only connection to the console's database, set up once here so the
 * benchmark reads exactly as the worker does.
 */
import Database from 'better-sqlite3'

export function openReadOnly(file: string, nativeBinding?: string | null): Database.Database {
  const db = new Database(file, {
    readonly: true,
    fileMustExist: true,
    ...(nativeBinding ? { nativeBinding } : {}),
  })
  // A writer's checkpoint may hold the file for a moment: wait rather than fail the read.
  db.pragma('busy_timeout = 5000')
  // No memory map: the indexes keep every figure in its target without one, and mapped pages of
  // a million-message file would count in the console's resident memory (≈ +250 MB during an
  // import's indexing).
  return db
}
