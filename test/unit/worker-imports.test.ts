// The worker threads load only what they run: the storage worker the stores, the History
// worker its reads and search index. Neither loads zod (main checks every call), a provider
// (their sessions, simulators and clients live on main), or the SMPP and WebSocket libraries.
// Each module more is code every worker compiles at start, beside the window loading its page.
import { expect, it } from 'vitest'
import { moduleGraph } from './module-graph'

const WORKERS = ['src/main/core/stores/worker.ts', 'src/main/core/history/worker.ts']

it.each(WORKERS)('%s loads no zod, no provider, no SMPP or WebSocket library', (entry) => {
  const { files, packages } = moduleGraph(entry)
  // The walk reached the stores it runs.
  expect(files).toEqual(
    expect.arrayContaining(
      entry.includes('stores')
        ? ['src/main/core/outbox/outbox.ts', 'src/main/core/stores/sqlite.ts']
        : ['src/main/core/history/store.ts', 'src/main/core/history/search-index.ts'],
    ),
  )
  expect([...packages.keys()].filter((p) => ['zod', 'smpp', 'ws'].includes(p))).toEqual([])
  // Only the SMPP id forms (which ids are the same message's) come from a provider's folder.
  expect(
    files.filter(
      (f) =>
        f.startsWith('src/main/core/providers/') && f !== 'src/main/core/providers/smpp/receipt.ts',
    ),
  ).toEqual([])
})
