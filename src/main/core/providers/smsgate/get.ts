/**
 * The GET interface: sendmessage.php with query parameters, plain-text answers — an id (or
 * ids, comma-separated), a state word, or an error text. It has no client_id_message, no
 * time_send and no name_delivery, so a send whose answer was lost cannot be repeated safely.
 */
import { cleanErrorText } from './errors'
import type { SmsgateCredentials } from './json'
import type { SmsgateState } from './receipt'
import { messageFields, type SmsgateMessage } from './validate'

export const GET_PATH = 'sendmessage.php'

export function buildGetSend(
  m: SmsgateMessage,
  credentials: SmsgateCredentials,
): Record<string, string> {
  return {
    ...credentials,
    phone: m.phone,
    ...messageFields(m, 'get'),
    // The document asks for templateData as JSON text in GET.
    ...(m.template?.data ? { templateData: JSON.stringify(m.template.data) } : {}),
  }
}

export function buildGetState(id: string, credentials: SmsgateCredentials): Record<string, string> {
  return { ...credentials, id_message: id }
}

/** An HTML page or an empty body is no answer of this API at all. */
export function looksLikePlainAnswer(body: string): boolean {
  const t = body.trim()
  return t.length > 0 && !t.startsWith('<') && !t.startsWith('{') && t.length <= 2000
}

export type GetSendReply = { kind: 'ids'; ids: string[] } | { kind: 'error'; error: string }

export function parseGetSendReply(body: string): GetSendReply | null {
  if (!looksLikePlainAnswer(body)) return null
  const t = body.trim()
  if (/^\d+(\s*,\s*\d+)*$/.test(t)) return { kind: 'ids', ids: t.split(',').map((s) => s.trim()) }
  return { kind: 'error', error: t }
}

/** The GET state is one word (or an error text) for one id: no channels, no prices. */
export function parseGetStateReply(body: string, id: string): SmsgateState | null {
  if (!looksLikePlainAnswer(body)) return null
  return {
    idMessage: id,
    timeChangeState: '',
    state: cleanErrorText(body),
    channels: {},
    numPartsSms: null,
    prices: {},
    raw: body.trim(),
  }
}
