/**
 * A team server's handler for what providers post (SMSC's statuses, replies and verifying
 * calls): the profile must have callbacks on, the call must carry the control value its secret
 * makes, and then it is stored as a polled one would be. The secret is derived from the
 * server's key for each profile (`callbackSecret`), never stored; the server prints the address
 * to give the provider (`npm run server -- --callback-url <profile>`).
 */
import { callbackSecret } from '../providers/smsc-http/callback'
import { descriptorOf } from '../providers/registry'
import type { StoredProfile } from '../providers/descriptor'
import type { ProfilesStore } from '../stores/stores'
import type { ProfileRuntimes } from '../runtime/profile-runtimes'
import type { Log } from '../log'

/** What the handler answers: HTTP status and a short text (never the secret or the hash). */
export interface CallbackAnswer {
  status: 200 | 400 | 403 | 404
  text: string
}

export interface CallbackHandlerDeps {
  key: Buffer
  profiles: Pick<ProfilesStore, 'get'>
  runtimes: Pick<ProfileRuntimes, 'callback'>
  log: Log
  /** Epoch ms (tests move it). */
  now?: () => number
}

/**
 * How long a profile read for a call serves the calls after it: a campaign's statuses arrive by
 * the thousand a minute, each would read it again. A change of the profile (callbacks turned
 * off, removed) holds on any server within this time.
 */
export const CALLBACK_PROFILE_TTL_MS = 5000

export function createCallbackHandler(d: CallbackHandlerDeps) {
  const now = d.now ?? Date.now
  const read = new Map<string, { at: number; profile: Promise<StoredProfile | null> }>()
  const profileOf = (id: string): Promise<StoredProfile | null> => {
    const t = now()
    const kept = read.get(id)
    if (kept && t - kept.at < CALLBACK_PROFILE_TTL_MS) return kept.profile
    // Only profiles that exist are kept: a post for no profile at all reads every time (and
    // the map holds no name a stranger made up).
    const entry = { at: t, profile: d.profiles.get(id) }
    const forget = () => {
      if (read.get(id) === entry) read.delete(id)
    }
    void entry.profile.then((p) => p ?? forget(), forget)
    read.set(id, entry)
    return entry.profile
  }
  return async function answer(
    profileId: string,
    params: Readonly<Record<string, string>>,
  ): Promise<CallbackAnswer> {
    const profile = await profileOf(profileId)
    const callbacks = profile ? descriptorOf(profile.kind).callbacks : undefined
    if (!profile || !callbacks?.enabled(profile.settings)) {
      return { status: 404, text: 'No handler for this profile' }
    }
    const verdict = callbacks.read(params, callbackSecret(d.key, profileId))
    if (!verdict.ok) {
      // Said in the log (without the values), and nothing changes.
      d.log('warn', `${profileId}: a callback refused (${verdict.problem}): ${verdict.detail}`)
      return verdict.problem === 'malformed'
        ? { status: 400, text: 'Malformed' }
        : { status: 403, text: 'Refused' }
    }
    await d.runtimes.callback(profileId, verdict.callback)
    return { status: 200, text: 'OK' }
  }
}

/** The address a provider posts a profile's callbacks to, with its secret, for the provider's settings. */
export function callbackUrl(publicUrl: string, key: Buffer, profileId: string): string {
  const base = publicUrl.replace(/\/+$/, '')
  const secret = callbackSecret(key, profileId)
  return `${base}/api/callbacks/${encodeURIComponent(profileId)}?fmt=3&charset=utf-8&md5=${secret}`
}

/**
 * The body of a call as its parameters: fmt=3's JSON object (values as text), or a form; the
 * handler URL's own query too (SMSC posts those; a proxy may pass them on the URL).
 */
export function callbackParams(
  body: string,
  contentType: string | undefined,
  query: URLSearchParams,
): Record<string, string> | null {
  const out: Record<string, string> = {}
  for (const [k, v] of query) out[k] = v
  const text = body.trim()
  if (text === '') return out
  if (/json/i.test(contentType ?? '') || text.startsWith('{')) {
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      return null
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (typeof v === 'string' || typeof v === 'number') out[k] = String(v)
    }
    return out
  }
  for (const [k, v] of new URLSearchParams(text)) out[k] = v
  return out
}
