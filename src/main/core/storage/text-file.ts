/**
 * A text file written in pieces as they come (an export, a group's contacts as an import's
 * file): each write waits while the disk is behind, and a refusal of the disk (full, failing)
 * rejects the write or the close that meets it.
 */
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'

export interface TextFile {
  write(text: string): Promise<void>
  /** Flushes and closes; rejects if the disk refused any of it. */
  close(): Promise<void>
  /** Closes at once, what was not written lost (the caller removes the file). */
  destroy(): void
}

export function openTextFile(path: string): TextFile {
  const out = createWriteStream(path, { mode: 0o600 })
  const failed = once(out, 'error').then(([err]) => Promise.reject(err as Error))
  failed.catch(() => {})
  return {
    async write(text) {
      if (!out.write(text)) await Promise.race([once(out, 'drain'), failed])
    },
    async close() {
      out.end()
      await Promise.race([once(out, 'finish'), failed])
    },
    destroy: () => out.destroy(),
  }
}
