// A real tmpfs of a few megabytes, mounted for one test, that the test fills to the last byte
// and frees again: the disk-full faults happen for real, in SQLite and in Node's file calls.
// Mounting needs root (CI runs as root); elsewhere the tests that need it skip, saying why.
import { spawnSync } from 'node:child_process'
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface Tmpfs {
  readonly dir: string
  /** Writes a filler file until the disk refuses another byte; returns the bytes written. */
  fill(): number
  /** Deletes the filler: the space is back at once. */
  free(): void
  unmount(): void
}

function canMount(): string | null {
  if (process.platform !== 'linux') return 'tmpfs mounts are Linux only'
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root'
  const probe = mkdtempSync(join(tmpdir(), 'tmpfs-probe-'))
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe])
  if (r.status !== 0) {
    rmSync(probe, { recursive: true, force: true })
    return `mount -t tmpfs failed: ${String(r.stderr).trim()}`
  }
  spawnSync('umount', [probe])
  rmSync(probe, { recursive: true, force: true })
  return null
}

/** Why a tmpfs cannot be mounted here, or null when it can. */
export const tmpfsUnavailable = canMount()

if (tmpfsUnavailable && process.env.CI) {
  throw new Error(`CI must run the disk-full tests on a real tmpfs: ${tmpfsUnavailable}`)
}

export function mountTmpfs(megabytes: number): Tmpfs {
  const dir = mkdtempSync(join(tmpdir(), 'tmpfs-'))
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m,mode=0700`, 'tmpfs', dir])
  if (r.status !== 0) throw new Error(`mount tmpfs: ${String(r.stderr).trim()}`)
  const filler = join(dir, 'filler')
  return {
    dir,
    fill() {
      mkdirSync(dir, { recursive: true })
      const fd = openSync(filler, 'a')
      let written = 0
      try {
        // Big pieces first, then ever smaller ones, until not even one byte fits.
        for (const size of [1 << 20, 1 << 16, 1 << 12, 1 << 8, 1]) {
          const piece = Buffer.alloc(size)
          for (;;) {
            try {
              written += writeSync(fd, piece)
            } catch (err) {
              if ((err as NodeJS.ErrnoException).code === 'ENOSPC') break
              throw err
            }
          }
        }
      } finally {
        closeSync(fd)
      }
      return written
    },
    free() {
      rmSync(filler, { force: true })
    },
    unmount() {
      spawnSync('umount', ['-l', dir])
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
