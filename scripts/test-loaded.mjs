#!/usr/bin/env node
// Runs the test suite (or any command given) while a CPU-bound process spins on every core,
// as on a CI machine busy with other work: a test that passes only on an idle machine fails.
//   node scripts/test-loaded.mjs [command args…]     default: npm test
import { spawn } from 'node:child_process'
import { availableParallelism } from 'node:os'

const command = process.argv.slice(2)
const [cmd, ...args] = command.length > 0 ? command : ['npm', 'test']

const burners = Array.from({ length: availableParallelism() }, () =>
  spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
)
const stopBurners = () => {
  for (const b of burners) if (b.exitCode === null) b.kill('SIGKILL')
}
console.info(`test-loaded: ${burners.length} busy process(es) beside: ${[cmd, ...args].join(' ')}`)

const child = spawn(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' })
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    child.kill(signal)
    stopBurners()
  })
}
child.on('exit', (code, signal) => {
  stopBurners()
  process.exit(code ?? (signal ? 1 : 0))
})
