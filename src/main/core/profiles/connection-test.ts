/**
 * "Test connection": asks a profile's provider something harmless (what, its kind's descriptor
 * knows) and says what it found, in the operator's words, with the profile's secret blanked out.
 */
import type { ConnectionTest } from '../../../shared/calls/providers'
import type { ProviderKind } from '../../../shared/contract'
import { maskSecrets } from '../mask'
import type { ConnectionTestInput as ProbeInput } from '../providers/descriptor'
import { errorText, phraseOfError, scrubPhrase } from '../providers/error-phrase'
import { descriptorOf } from '../providers/registry'

export interface ConnectionTestInput extends ProbeInput {
  kind: ProviderKind
  /** What to blank out of any text shown (the profile's secret). */
  secret: string | null
}

export async function testConnection(input: ConnectionTestInput): Promise<ConnectionTest> {
  const scrub = (text: string) => maskSecrets(text, [input.secret], '•••')
  try {
    const result = await descriptorOf(input.kind).testConnection(input)
    return {
      ...result,
      summary: scrub(result.summary),
      ...(result.phrase ? { phrase: scrubPhrase(result.phrase, scrub) } : {}),
    }
  } catch (err) {
    // A failed test is a failed request: the profile's state says so, not "ready".
    input.connection()?.noteFailure?.(err)
    const said = phraseOfError(err)
    return {
      ok: false,
      summary: scrub(errorText(err)),
      ...(said ? { phrase: scrubPhrase(said, scrub) } : {}),
    }
  }
}
