// The sandbox SMSC in a process of its own (smsc-process.ts), below the console's priority: at a
// desk the SMSC is the provider's machine, not one of the two cores the console's threads share.
import { spawn, type ChildProcess } from 'node:child_process'
import { setPriority } from 'node:os'
import { join } from 'node:path'

export async function startSmscProcess(
  password: string,
): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'smsc-process.ts'), 'bench', password],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  if (child.pid) setPriority(child.pid, 10)
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.setEncoding('utf8').once('data', (d: string) => resolve(Number(d.trim())))
    child.once('exit', (code) => reject(new Error(`the SMSC exited with ${code}`)))
  })
  return { port, child }
}
