// `npm run bench`: every benchmark, one after another (each in a process of its own, so none
// measures another's leftovers), and one JSON object with all their figures.
//   npm run bench                      all of them at the sizes of README's table
//   npm run bench -- --quick           all of them on small sizes (a smoke run)
//   npm run bench -- import 200000     one of them, with its own arguments
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { CONSOLE_NODE_FLAGS } from './node-flags'

/** Each benchmark with its full and quick arguments. */
const BENCHES: Record<string, { full: string[]; quick: string[]; script?: string }> = {
  'outbox-send': { full: ['100000', '1000'], quick: ['5000', '500'] },
  receipts: { full: [], quick: ['20000'] },
  import: { full: ['1000000'], quick: ['50000'] },
  'import-xlsx': { script: 'import', full: ['1000000', '--xlsx'], quick: ['50000', '--xlsx'] },
  'group-send': { full: ['100000'], quick: ['10000'] },
  history: { full: ['1000000'], quick: ['50000'] },
  'event-loop': { full: [], quick: ['50000', '20000', '20000'] },
  startup: { full: [], quick: ['3'] },
  'team-load': { full: ['100000', '20'], quick: ['5000', '5'] },
}

function run(name: string, args: string[]): unknown {
  const script = join(__dirname, `${BENCHES[name]?.script ?? name}.ts`)
  if (!existsSync(script)) return { skipped: `bench/${name}.ts is not there` }
  const started = performance.now()
  const r = spawnSync(
    process.execPath,
    [...CONSOLE_NODE_FLAGS, '--import', 'tsx', script, ...args],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 64 * 1024 * 1024,
    },
  )
  if (r.status !== 0)
    return { failed: `exit ${r.status ?? r.signal}`, output: r.stdout.slice(-2000) }
  // Each prints one JSON object last; anything before it is its own progress.
  const start = r.stdout.indexOf('{')
  try {
    return {
      ...(JSON.parse(r.stdout.slice(start)) as object),
      wallSeconds: Math.round((performance.now() - started) / 100) / 10,
    }
  } catch {
    return { failed: 'printed no JSON', output: r.stdout.slice(-2000) }
  }
}

const argv = process.argv.slice(2)
const quick = argv.includes('--quick')
const only = argv.find((a) => !a.startsWith('--'))
const results: Record<string, unknown> = {}
if (only) {
  if (!BENCHES[only]) throw new Error(`no benchmark ${only}: ${Object.keys(BENCHES).join(', ')}`)
  results[only] = run(only, argv.slice(argv.indexOf(only) + 1))
} else {
  for (const [name, sizes] of Object.entries(BENCHES)) {
    process.stderr.write(`bench: ${name}…\n`)
    results[name] = run(name, quick ? sizes.quick : sizes.full)
  }
}
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`)
