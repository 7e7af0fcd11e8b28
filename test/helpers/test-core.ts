// The whole core on a real data folder, as the adapters see it (createCore → handle/subscribe):
// one fixture for every integration test that needs a running console.
//
//   const t = testCore({ sandbox: { smpp: { receiptDelayMs: 20 } } })   // beforeAll/afterAll
//   it('…', async () => { await t.call('messages.send', …); t.latest(id) … })
//
// or, for a test of its own: `const t = await startTestCore(); … await t.close()`.
import { afterAll, beforeAll } from 'vitest'
import { callerOf } from './core'
import { startTestCore, type TestCore, type TestCoreOptions } from './start-test-core'

export { startTestCore, type Pushed, type TestCore, type TestCoreOptions } from './start-test-core'

/**
 * One core for a whole test file: started before its first test, closed after its last. The
 * handle's members are there once the tests run.
 */
export function testCore(options: TestCoreOptions | (() => TestCoreOptions) = {}): TestCore {
  let t: TestCore | null = null
  beforeAll(async () => {
    t = await startTestCore(typeof options === 'function' ? options() : options)
  })
  afterAll(async () => {
    await t?.close()
    t = null
  })
  const get = (): TestCore => {
    if (!t) throw new Error('the test core runs only inside the file’s tests')
    return t
  }
  return {
    get core() {
      return get().core
    },
    get dir() {
      return get().dir
    },
    get events() {
      return get().events
    },
    call: callerOf(() => get().core),
    pushed: (name) => get().pushed(name),
    updatesOf: (id) => get().updatesOf(id),
    latest: (id) => get().latest(id),
    fromDb: (read) => get().fromDb(read),
    stop: () => get().stop(),
    restart: (o) => get().restart(o),
    close: () => get().close(),
  }
}
