/**
 * Which profile a form starts on, and which profiles the lists offer: pure, for the stores and
 * screens (and their tests) alike.
 */
import type { ProviderProfile } from '../../shared/contract'

/** The profiles lists and the header offer: without the sandboxes if hidden and a real one exists. */
export function shownProfiles(
  profiles: readonly ProviderProfile[],
  hideSandbox: boolean,
): ProviderProfile[] {
  const real = profiles.filter((p) => !p.sandbox)
  return hideSandbox && real.length > 0 ? real : [...profiles]
}

/**
 * The profile a form starts on when the agent has not chosen one: the last one sent from while
 * it exists, unless it is a sandbox and a real profile exists (a real customer's message must
 * never go to the sandbox by default); else the first real profile; else the first.
 */
export function defaultProfile(
  profiles: readonly ProviderProfile[],
  lastUsed: string | null,
): ProviderProfile | undefined {
  const real = profiles.find((p) => !p.sandbox)
  const last = profiles.find((p) => p.id === lastUsed)
  if (last && (!last.sandbox || !real)) return last
  return real ?? profiles[0]
}
