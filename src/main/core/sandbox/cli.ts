/**
 * Starts one provider simulator alone, for trying a provider by hand (curl, another SMPP
 * client, a real console profile pointed at it):
 *   npm run sim -- <smpp|osonsms|smsc-http|getsms|smsgate> [--port N] [--login L] [--secret S]
 * Prints where it listens and the credentials it accepts; stops on Ctrl+C.
 */
import { ProviderKindSchema, type ProviderKind } from '../../../shared/contract'
import type { RunningSimulator } from '../providers/descriptor'
import { descriptorOf } from '../providers/registry'

export async function startSimulator(
  kind: ProviderKind,
  o: { port: number; login: string; secret: string },
): Promise<RunningSimulator> {
  const s = descriptorOf(kind).simulator.create(o)
  await s.start()
  return s
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name)
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback
}

async function main(): Promise<void> {
  const kind = ProviderKindSchema.safeParse(process.argv[2])
  if (!kind.success) {
    console.error(
      `usage: npm run sim -- <${ProviderKindSchema.options.join('|')}> [--port N] [--login L] [--secret S]`,
    )
    process.exit(2)
  }
  const port = Number(arg('--port', '0'))
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be 0..65535, not ${arg('--port', '')}`)
    process.exit(2)
  }
  const login = arg('--login', 'demo')
  const secret = arg('--secret', 'demo-secret')
  // Listen for the stop signal before anything starts, so an early Ctrl+C still exits cleanly.
  let running: RunningSimulator | null = null
  let stopping = false
  const stop = () => {
    if (stopping) return
    stopping = true
    void (running?.stop() ?? Promise.resolve()).finally(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  running = await startSimulator(kind.data, { port, login, secret })
  if (stopping) await running.stop()
  console.info(`${kind.data} simulator: ${running.url} (login ${login}, secret ${secret})`)
}

if (process.argv[1] && /sandbox[\\/]cli\.[tj]s$/.test(process.argv[1])) void main()
