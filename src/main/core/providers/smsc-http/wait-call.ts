/**
 * SMSC's number verification by the customer's call: `wait_call.php?phone=<customer>` answers the
 * number the customer must call within 15 minutes (`phone`) and every number one of which was
 * assigned, depending on the country (`all_phones`). The call itself comes back later as an
 * inbound message `[waitcall]` from the customer, fetched by the inbound polling like any reply.
 *
 * The server refuses more than fifty identical requests a minute; the provider's limiter keeps
 * us under that, and says when the number may be asked for again. What the reply looks like with
 * fmt=3 is [assumed] (the document shows only its fields): `{"phone":"79…","all_phones":[…]}`,
 * with all_phones also taken as a comma-separated string.
 */
import { malformed, parseJsonReply, type HttpReply, type HttpRequest } from '../http'

/** The number to call, and every number the provider assigns such calls to. */
export interface WaitCallNumbers {
  phone: string
  allPhones: string[]
}

/** Identical wait_call requests the server takes in a minute (the document). */
export const WAIT_CALL_LIMIT = 50

/** What wait-call needs of the provider: its limiter, its POST, its error replies. */
export interface WaitCallPort {
  /** Counts one request of `signature`, or throws SmscRateLimitError saying when it may go. */
  limit(signature: string, max: number, detail: string): void
  /** wait_call.php with the profile's credentials, fmt=3 and charset=utf-8. */
  post(params: Record<string, string>): Promise<HttpReply>
  /** Throws the provider's typed error for an error reply (JSON or plain text). */
  throwIfError(reply: HttpReply): void
  /** Names the provider and the call in a malformed reply's error (its secrets masked). */
  req: Pick<HttpRequest, 'provider' | 'call' | 'secrets'>
}

/** Asks for the number `phone` (digits, international) must call; typed errors otherwise. */
export async function requestWaitCall(phone: string, port: WaitCallPort): Promise<WaitCallNumbers> {
  port.limit(
    `wait_call:${phone}`,
    WAIT_CALL_LIMIT,
    `the number to call for ${phone} was asked for ${WAIT_CALL_LIMIT} times this minute`,
  )
  const reply = await port.post({ phone })
  port.throwIfError(reply)
  const numbers = parseWaitCallReply(parseJsonReply(port.req, reply))
  if (!numbers) throw malformed(port.req, reply, 'expected {"phone":"…","all_phones":["…",…]}')
  return numbers
}

const NUMBER = /^\+?\d{5,15}$/

function digitsOf(v: unknown): string | null {
  const s = typeof v === 'number' && Number.isInteger(v) ? String(v) : v
  if (typeof s !== 'string' || !NUMBER.test(s.trim())) return null
  return s.trim().replace(/^\+/, '')
}

/**
 * The reply's numbers (digits, without `+`), or null when it is not such a reply: no number to
 * call, or a list holding anything but numbers. The number to call is among all_phones even
 * where the list left it out.
 */
export function parseWaitCallReply(value: unknown): WaitCallNumbers | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const reply = value as Record<string, unknown>
  const phone = digitsOf(reply.phone)
  if (phone === null) return null
  const listed = reply.all_phones
  let items: unknown[]
  if (Array.isArray(listed)) items = listed
  else if (typeof listed === 'string')
    items = listed
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '')
  else return null
  const all: string[] = []
  for (const item of items) {
    const n = digitsOf(item)
    if (n === null) return null
    if (!all.includes(n)) all.push(n)
  }
  return { phone, allPhones: all.includes(phone) ? all : [phone, ...all] }
}
