/**
 * A worker thread's place in the queue for the CPU. On a two-core office laptop the storage
 * and History workers, busy with a million-row import, took turns on the cores with main, and
 * main's loop (the window's calls, the SMPP socket) waited for them: main stalled ~20 ms at a
 * time. Lowered, a worker still gets every cycle main leaves idle. Linux sets a thread's own
 * niceness; elsewhere a thread keeps the process's.
 */
import { readlinkSync } from 'node:fs'
import { setPriority } from 'node:os'

/**
 * The niceness of the console's worker threads (main's is 0). A little lower only: at 5 a worker
 * got a quarter of a core beside any busy program on the machine, and a resumed 300,000-row
 * import crawled; at 2 it keeps ~40% against a busy neighbour, and main's longest stall during
 * the event-loop benchmark is still about half of what it is at 0 (48 ms against 158 ms).
 */
export const WORKER_NICENESS = 2

/** Lowers the calling thread's priority; false where the system has no per-thread priority. */
export function lowerThisThread(niceness = WORKER_NICENESS): boolean {
  if (process.platform !== 'linux') return false
  try {
    // `<pid>/task/<tid>`: setpriority() on a thread id sets that thread alone.
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop())
    setPriority(tid, niceness)
    return true
  } catch {
    return false
  }
}
