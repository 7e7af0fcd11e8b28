// Every test file runs with this: a promise rejected and never handled while a test runs fails
// that test, naming it — main must never leave one behind (a full disk once did, and exited).
import { afterEach } from 'vitest'

const seen: unknown[] = []
process.on('unhandledRejection', (reason) => {
  seen.push(reason)
})

afterEach(async () => {
  // Rejections surface after the microtasks that could still have handled them.
  await new Promise((resolve) => setImmediate(resolve))
  if (seen.length === 0) return
  const reasons = seen.splice(0)
  const said = reasons.map((r) => (r instanceof Error ? (r.stack ?? r.message) : String(r)))
  throw new Error(`unhandled rejection during this test:\n${said.join('\n')}`)
})
