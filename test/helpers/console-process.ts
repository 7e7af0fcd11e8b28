// A real console process on a data folder (test/fixtures/console.ts), for tests of what two
// processes do to one folder and of what a process killed for real leaves behind.
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'

export interface ConsoleProcess {
  readonly child: ChildProcess
  /** Everything it wrote to stdout and stderr so far. */
  output(): string
  /** Resolves once it printed "ready"; rejects (with its output) if it exited instead. */
  ready: Promise<void>
  /** Its exit code, or null when a signal ended it. */
  exited: Promise<number | null>
}

const FIXTURE = join(__dirname, '../fixtures/console.ts')

export function startConsole(dataDir: string, args: string[] = []): ConsoleProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, dataDir, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout?.setEncoding('utf8').on('data', (c: string) => (out += c))
  child.stderr?.setEncoding('utf8').on('data', (c: string) => (out += c))
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  )
  const ready = new Promise<void>((resolve, reject) => {
    const check = () => {
      if (/^ready \d+$/m.test(out)) resolve()
    }
    child.stdout?.on('data', check)
    void exited.then((code) =>
      reject(new Error(`console exited with ${code} before ready:\n${out}`)),
    )
  })
  // A test that never waits on it must not fail on an unhandled rejection.
  ready.catch(() => {})
  return { child, output: () => out, ready, exited }
}

/** Ends it the way a user would (SIGTERM: the console closes itself) and waits for the exit. */
export async function stopConsole(p: ConsoleProcess): Promise<number | null> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return p.child.exitCode
  p.child.kill('SIGTERM')
  return p.exited
}
