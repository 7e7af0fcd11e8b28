// A fresh folder for each test of a file, and the clean-ups its tests register, run newest
// first after each test, before the folder goes.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach } from 'vitest'

export interface Scratch {
  /** This test's folder. */
  readonly dir: string
  /** Run after this test, newest first. */
  cleanup(fn: () => Promise<unknown> | unknown): void
}

export function scratchPerTest(prefix: string): Scratch {
  let dir = ''
  const cleanups: (() => Promise<unknown> | unknown)[] = []
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), `${prefix}-`))
  })
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c()
    rmSync(dir, { recursive: true, force: true })
  })
  return {
    get dir() {
      return dir
    },
    cleanup: (fn) => void cleanups.push(fn),
  }
}
