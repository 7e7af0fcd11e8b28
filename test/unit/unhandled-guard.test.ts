// The test-time guard against unhandled rejections, proven on a real Vitest run: the test that
// leaves one behind fails by name, the clean one passes.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { expect, it } from 'vitest'

it('fails the test that leaves an unhandled rejection behind, and only that one', () => {
  const root = join(__dirname, '../..')
  const r = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--config',
      join(root, 'test/fixtures/guard/vitest.config.ts'),
      '--reporter',
      'verbose',
    ],
    { cwd: root, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', CI: '' } },
  )
  const output = `${r.stdout}\n${r.stderr}`
  expect(r.status, output).toBe(1)
  expect(output).toMatch(/×[^\n]*leaves a rejection behind/)
  expect(output).toMatch(/✓[^\n]*is clean/)
  expect(output).toContain('unhandled rejection during this test')
  expect(output).toContain('nobody awaited this write')
}, 60_000)
