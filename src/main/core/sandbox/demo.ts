import type { SandboxMessage, SandboxOutcome } from '../providers/smpp/sim'

/**
 * How the embedded sandbox answers, so an agent can try every path without an account:
 * numbers ending in 00 are undeliverable, in 99 expire, everything else is delivered.
 */
export function sandboxDemoOutcome(message: SandboxMessage): SandboxOutcome {
  if (message.dest.endsWith('00')) return { stat: 'UNDELIV', err: '001' }
  if (message.dest.endsWith('99')) return { stat: 'EXPIRED', err: '000' }
  return { stat: 'DELIVRD', err: '000' }
}
