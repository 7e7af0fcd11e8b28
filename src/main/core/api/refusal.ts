/**
 * A refusal as a reply, worded by the phrase table: the router's, and the adapters' own before
 * any call reaches the router (an oversized frame, a bad token). No schema here, so that an
 * adapter can serve the page before the core's calls are loaded.
 */
import type { ApiErrorBody, ErrorCode, Reply } from '../../../shared/contract'
import { MAX_REQUEST_BYTES } from '../../../shared/constants'
import { english, phrase, type ParamsArg, type PhraseId } from '../../../shared/phrases'

export function fail<K extends PhraseId>(
  code: ErrorCode,
  id: K,
  ...params: ParamsArg<K>
): { ok: false; error: ApiErrorBody } {
  return {
    ok: false,
    error: { code, message: english(id, ...params), phrase: phrase(id, ...params) },
  }
}

/** For adapters that receive raw text (WebSocket): refuse oversized frames before parsing. */
export function tooLarge(bytes: number): Reply<never> | null {
  return bytes > MAX_REQUEST_BYTES
    ? fail('TOO_LARGE', 'call.tooLarge', { bytes, max: MAX_REQUEST_BYTES })
    : null
}
