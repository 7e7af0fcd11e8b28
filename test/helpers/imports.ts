// The bulk import as the renderer drives it, for integration tests.
import type { BatchView } from '../../src/shared/calls/imports'
import type { callerOf } from './core'

type Call = ReturnType<typeof callerOf>

/** Uploads bytes the way the renderer does: begin, chunks of at most 150 KiB, finish. */
export async function upload(call: Call, name: string, bytes: Buffer, chunk = 150 * 1024) {
  const { uploadId } = await call('import.begin', { name, size: bytes.length })
  for (let seq = 0, at = 0; at < bytes.length; seq++, at += chunk) {
    const dataBase64 = bytes.subarray(at, at + chunk).toString('base64')
    await call('import.chunk', { uploadId, seq, dataBase64 })
  }
  return call('import.finish', { uploadId })
}

/** The batch once its import has stopped queueing (done, interrupted, cancelled or failed). */
export async function importDone(call: Call, batchId: number): Promise<BatchView> {
  let view: BatchView | null = null
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    view = await call('batch.get', { batchId })
    if (view.importState !== 'importing') return view
    await new Promise((r) => setTimeout(r, 20))
  }
  throw new Error(`batch ${batchId} import did not finish: ${JSON.stringify(view)}`)
}

/**
 * A bulk send of `phones` through the SMPP sandbox with a canary, from pasted rows (the canary
 * as import.start takes it, or a malformed one to see it refused).
 */
export async function startWithCanary(call: Call, phones: readonly string[], canary: object) {
  const analysis = await call('import.paste', { text: ['phone', ...phones].join('\n') })
  return call('import.start', {
    uploadId: analysis.uploadId,
    profileId: 'sandbox',
    sender: 'Shop',
    phoneColumn: 0,
    template: 'Скидка до конца недели',
    canary,
  } as never)
}
