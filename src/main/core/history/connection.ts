/**
 * The History worker's read-only connection to the console's database, set up once here so the
 * benchmark reads exactly as the worker does.
 */
import Database from 'better-sqlite3'

/** Address space, not memory: the mapped pages are the OS's own file cache. */
const MMAP_BYTES = 1 << 30

export function openReadOnly(file: string, nativeBinding?: string | null): Database.Database {
  const db = new Database(file, {
    readonly: true,
    fileMustExist: true,
    ...(nativeBinding ? { nativeBinding } : {}),
  })
  // A writer's checkpoint may hold the file for a moment: wait rather than fail the read.
  db.pragma('busy_timeout = 5000')
  // Reads map the file instead of copying each page through a system call: a page or count
  // that walks a large index costs a fraction as much.
  db.pragma(`mmap_size = ${MMAP_BYTES}`)
  return db
}
