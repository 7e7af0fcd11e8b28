import { readdirSync, readFileSync } from 'node:fs'

/** The niceness of a thread's or process's stat line (Linux: field 19 of /proc/…/stat). */
function nicenessIn(stat: string): number {
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])
}

/**
 * The ids of this process's threads running at `niceness` (Linux only). A thread that ends
 * between the listing and the read of its stat (a worker of an earlier test closing) is left
 * out rather than failing the read.
 */
export function threadsAt(niceness: number): Set<string> {
  const found = new Set<string>()
  for (const tid of readdirSync('/proc/self/task')) {
    let stat: string
    try {
      stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue
      throw e
    }
    if (nicenessIn(stat) === niceness) found.add(tid)
  }
  return found
}

/** This process's main thread's niceness (Linux only). */
export function mainNiceness(): number {
  return nicenessIn(readFileSync('/proc/self/stat', 'utf8'))
}
