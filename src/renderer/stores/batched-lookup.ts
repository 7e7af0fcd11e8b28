/**
 * Numbers asked of main together: every number shown for the first time in a render is asked
 * in one call (at most `atOnce` numbers a call) once the render is over, and numbers that
 * appear while a call is out go in the next. Used by the stores that know something of each
 * number on screen (its contact's name, its verification).
 */
export function batchedLookup(
  /** Asks main for these numbers and keeps what it says; a refusal is its own to handle. */
  ask: (phones: string[]) => Promise<void>,
  atOnce = 500,
): (phone: string) => void {
  const wanted = new Set<string>()
  let asking = false
  const askWanted = async (): Promise<void> => {
    try {
      while (wanted.size > 0) {
        const phones = [...wanted].slice(0, atOnce)
        for (const p of phones) wanted.delete(p)
        await ask(phones)
      }
    } finally {
      asking = false
    }
  }
  return (phone) => {
    wanted.add(phone)
    if (asking) return
    asking = true
    queueMicrotask(() => void askWanted())
  }
}
