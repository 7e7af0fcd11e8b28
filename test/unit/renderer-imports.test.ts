// The renderer's bundle carries no zod: every module the page loads (followed from main.tsx
// through its value imports and any it loads later) is free of it. The schemas are
// main's; the page shares plain values with it through src/shared/constants.ts. A value import
// of contract.ts, domain.ts or calls/* from a screen would put every schema back in the page.
import { expect, it } from 'vitest'
import { moduleGraph } from './module-graph'

it('loads no module that imports zod', () => {
  const { files, packages } = moduleGraph('src/renderer/main.tsx')
  // The walk did reach the shared modules the page uses, and its screens.
  expect(files).toEqual(
    expect.arrayContaining([
      'src/shared/constants.ts',
      'src/shared/phrases.ts',
      'src/shared/sms.ts',
      'src/renderer/screens/History.tsx',
      'src/renderer/screens/BulkImport/index.tsx',
    ]),
  )
  expect(packages.get('zod') ?? []).toEqual([])
})
