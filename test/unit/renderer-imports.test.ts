// The renderer's bundle carries no zod: every module the page loads (followed from main.tsx
// through its value imports; `import type` is erased) is free of it. The schemas are main's;
// the page shares plain values with it through src/shared/constants.ts. A value import of
// contract.ts, domain.ts or calls/* from a screen would put every schema back in the page.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { expect, it } from 'vitest'

const ROOT = resolve(__dirname, '../..')

/** The module specifiers a file imports as values (type-only imports and exports skipped). */
function valueImports(source: string): string[] {
  const out: string[] = []
  const re = /(?:^|\n)\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]/g
  for (const m of source.matchAll(re)) {
    if (m[2]) continue
    const names = m[3] ?? ''
    // `import { type A, type B } from …` imports nothing at run time either.
    const inner = /^\{([\s\S]*)\}$/.exec(names.trim())
    if (inner && inner[1]!.split(',').every((n) => !n.trim() || n.trim().startsWith('type '))) {
      continue
    }
    out.push(m[4] as string)
  }
  for (const m of source.matchAll(/(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g)) out.push(m[1] as string)
  return out
}

function resolveModule(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null
  const base = resolve(dirname(from), spec)
  for (const f of [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    join(base, 'index.ts'),
    join(base, 'index.tsx'),
  ]) {
    if (existsSync(f) && /\.tsx?$/.test(f)) return f
  }
  return null
}

it('loads no module that imports zod', () => {
  const seen = new Set<string>()
  const withZod: string[] = []
  const queue = [join(ROOT, 'src/renderer/main.tsx')]
  while (queue.length > 0) {
    const file = queue.pop() as string
    if (seen.has(file)) continue
    seen.add(file)
    const imports = valueImports(readFileSync(file, 'utf8'))
    if (imports.includes('zod')) withZod.push(relative(ROOT, file))
    for (const spec of imports) {
      const next = resolveModule(file, spec)
      if (next) queue.push(next)
    }
  }
  // The walk did reach the shared modules the page uses.
  expect([...seen].map((f) => relative(ROOT, f))).toEqual(
    expect.arrayContaining([
      'src/shared/constants.ts',
      'src/shared/phrases.ts',
      'src/shared/sms.ts',
    ]),
  )
  expect(withZod).toEqual([])
})
