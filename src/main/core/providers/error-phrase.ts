/**
 * A provider's failure as the operator hears of it: the error's message in English and, when the
 * error carries one (ProviderHttpError, SmscApiError, OsonSmsError, GetsmsApiError, …), its
 * phrase, so the renderer can word it in the operator's language. The provider's own words stay
 * inside the phrase's values as they came.
 */
import { PhraseRefSchema, type PhraseRef } from '../../../shared/domain'
import { ApiError } from '../api/router'

/** The phrase an error carries, if it carries a well-formed one. */
export function phraseOfError(err: unknown): PhraseRef | null {
  if (!(err instanceof Error) || !('phrase' in err)) return null
  const parsed = PhraseRefSchema.safeParse(err.phrase)
  return parsed.success ? parsed.data : null
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** A provider call that failed, as a refusal of the call that asked for it. */
export function providerRefusal(err: unknown): ApiError {
  return new ApiError('UNAVAILABLE', errorText(err), phraseOfError(err) ?? undefined)
}

/** A phrase's values with `scrub` applied to every text (blanking a secret out of them). */
export function scrubPhrase(ref: PhraseRef, scrub: (text: string) => string): PhraseRef {
  const clean = (params: PhraseRef['params']) =>
    Object.fromEntries(
      Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? scrub(v) : v]),
    )
  return {
    id: ref.id,
    params: clean(ref.params),
    ...(ref.cause ? { cause: { id: ref.cause.id, params: clean(ref.cause.params) } } : {}),
  }
}
