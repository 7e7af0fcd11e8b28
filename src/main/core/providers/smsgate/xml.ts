/**
 * The XML interface: POST xml/message.php and xml/state_message.php with
 * `<request><security>…</security>…</request>` on one line (line breaks inside data travel as
 * `\n`). Answers: `<response><message><information …>status</information>…` and
 * `<response><state …>status</state>…`, or `<response><error>text</error></response>`.
 */
import type { SmsgateCredentials } from './json'
import { parseStateObject, parseSendItem } from './json'
import type { SmsgateSendItem, SmsgateSendReply, SmsgateState, SmsgateStateReply } from './receipt'
import { messageFields, type SmsgateMessage } from './validate'
import {
  child,
  childrenNamed,
  escapeXml,
  isXmlName,
  parseXml,
  XmlError,
  xmlData,
  type XmlElement,
} from './xml-lite'

export const XML_SEND_PATH = 'xml/message.php'
export const XML_STATE_PATH = 'xml/state_message.php'

function security(credentials: SmsgateCredentials): string {
  if (!credentials) return ''
  return `<security><login value="${escapeXml(credentials.login)}"/><password value="${escapeXml(credentials.password)}"/></security>`
}

export function buildXmlSend(
  messages: readonly SmsgateMessage[],
  credentials: SmsgateCredentials,
): string {
  const body = messages
    .map((m) => {
      const fields = Object.entries(messageFields(m, 'xml'))
        .map(([k, v]) => `<${k}>${xmlData(v)}</${k}>`)
        .join('')
      const data = m.template?.data
        ? `<templateData>${Object.entries(m.template.data)
            .filter(([k]) => isXmlName(k))
            .map(([k, v]) => `<${k}>${xmlData(v)}</${k}>`)
            .join('')}</templateData>`
        : ''
      return `<message>${fields}${data}<abonent phone="${escapeXml(m.phone)}" client_id_message="${m.clientId}"/></message>`
    })
    .join('')
  return `<?xml version="1.0" encoding="utf-8"?><request>${security(credentials)}${body}</request>`
}

export function buildXmlState(ids: readonly string[], credentials: SmsgateCredentials): string {
  const list = ids.map((id) => `<id_message>${escapeXml(id)}</id_message>`).join('')
  return `<?xml version="1.0" encoding="utf-8"?><request>${security(credentials)}<state>${list}</state></request>`
}

/** The `<response>` root, or null when the text is not XML or not this API's answer. */
function response(body: string): XmlElement | null {
  try {
    const root = parseXml(body)
    return root.name === 'response' ? root : null
  } catch (err) {
    if (err instanceof XmlError) return null
    throw err
  }
}

export function parseXmlSendReply(body: string): SmsgateSendReply | null {
  const root = response(body)
  if (!root) return null
  const error = child(root, 'error')
  if (error) return { kind: 'error', error: error.text.trim() }
  const messages: Array<SmsgateSendItem[] | { error: string }> = []
  for (const m of childrenNamed(root, 'message')) {
    const err = child(m, 'error')
    if (err) {
      messages.push({ error: err.text.trim() })
      continue
    }
    const items: SmsgateSendItem[] = []
    for (const info of childrenNamed(m, 'information')) {
      const status = info.text.trim()
      const hasId = info.attrs.id_message !== undefined && !/^0*$/.test(info.attrs.id_message)
      // Without an id the element's text is the error for that phone.
      const item = parseSendItem(hasId ? info.attrs : { ...info.attrs, error: status || 'error' })
      if (!item) return null
      items.push(item.ok ? { ...item, status: status || null } : item)
    }
    if (items.length === 0) return null
    messages.push(items)
  }
  return { kind: 'messages', messages }
}

export function parseXmlStateReply(body: string): SmsgateStateReply | null {
  const root = response(body)
  if (!root) return null
  const error = child(root, 'error')
  if (error) return { kind: 'error', error: error.text.trim() }
  const states: SmsgateState[] = []
  for (const el of childrenNamed(root, 'state')) {
    const raw = `<state ${Object.entries(el.attrs)
      .map(([k, v]) => `${k}="${escapeXml(v)}"`)
      .join(' ')}>${escapeXml(el.text)}</state>`
    const s = parseStateObject({ ...el.attrs, state: el.text.trim() }, raw)
    if (!s) return null
    states.push(s)
  }
  return { kind: 'states', states }
}
