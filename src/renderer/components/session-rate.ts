/** How a connection's sending rate reads on the Providers screen and in the header. */
import type { SessionState } from '../../shared/contract'
import type { ProvidersStrings } from '../screens/Providers/strings'

export interface SessionRateText {
  /** Short: "12 of 30 msg/s". */
  text: string
  /** Below the profile's rate because the provider throttled. */
  slowed: boolean
  /** The sentence for a tooltip or a status label, when slowed; else null. */
  detail: string | null
}

/** Null for connections without rate control (HTTP providers) or before the first state. */
export function sessionRate(
  state: SessionState | undefined,
  t: Pick<ProvidersStrings, 'rate' | 'rateSlowed'>,
): SessionRateText | null {
  const rate = state?.rate
  if (!rate) return null
  const slowed = rate.current < rate.configured
  return {
    text: t.rate(rate.current, rate.configured),
    slowed,
    detail: slowed ? t.rateSlowed(rate.current, rate.configured) : null,
  }
}
