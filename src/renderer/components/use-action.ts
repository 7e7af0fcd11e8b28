/**
 * A control's call to the console: busy while it runs (the control disabled), its error in
 * words when it fails. `run` resolves true when the call succeeded.
 */
import { useState } from 'react'
import { errorText } from '../api/client'

export function useAction(): {
  busy: boolean
  error: string | null
  run(fn: () => Promise<unknown>): Promise<boolean>
} {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true)
    setError(null)
    try {
      await fn()
      return true
    } catch (err) {
      setError(errorText(err))
      return false
    } finally {
      setBusy(false)
    }
  }
  return { busy, error, run }
}
