// The modules a source file loads at run time, followed through its value imports (`import
// type` is erased) and its dynamic `import()`s: what a bundle built from it carries.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

export const ROOT = resolve(__dirname, '../..')

/** The module specifiers a file imports as values (type-only imports and exports skipped). */
export function valueImports(source: string): string[] {
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
  for (const m of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1] as string)
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

export interface ModuleGraph {
  /** Every source file reached, relative to the repository. */
  files: string[]
  /** Each package imported (by its specifier), with the files that import it. */
  packages: Map<string, string[]>
}

export function moduleGraph(entry: string): ModuleGraph {
  const seen = new Set<string>()
  const packages = new Map<string, string[]>()
  const queue = [join(ROOT, entry)]
  while (queue.length > 0) {
    const file = queue.pop() as string
    if (seen.has(file)) continue
    seen.add(file)
    for (const spec of valueImports(readFileSync(file, 'utf8'))) {
      const next = resolveModule(file, spec)
      if (next) queue.push(next)
      else if (!spec.startsWith('.')) {
        packages.set(spec, [...(packages.get(spec) ?? []), relative(ROOT, file)])
      }
    }
  }
  return { files: [...seen].map((f) => relative(ROOT, f)), packages }
}
