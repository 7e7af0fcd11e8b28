/**
 * Starting one of the console's worker threads (storage, History) from its script: a build's
 * bundle (out/main/<name>-worker.js) as it is, the TypeScript source through tsx (tests, tools).
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'

const FROM_SOURCE = `
  require('tsx/cjs/api').register()
  require(require('node:worker_threads').workerData.script)
`

export function startWorker(script: string, workerData: Record<string, unknown>): Worker {
  return script.endsWith('.ts')
    ? new Worker(FROM_SOURCE, { eval: true, workerData: { ...workerData, script } })
    : new Worker(script, { workerData })
}

/**
 * The worker's TypeScript source in the calling module's folder (`dir`), when that module runs
 * from source (its `file` ends in .ts); null in a build, where the bundle's path is given.
 */
export function sourceWorker(file: string, dir: string): string | null {
  if (!file.endsWith('.ts')) return null
  const script = join(dir, 'worker.ts')
  return existsSync(script) ? script : null
}
