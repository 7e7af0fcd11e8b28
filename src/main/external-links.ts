/**
 * Which links the Electron shell hands to the user's browser (shell.openExternal). Anything a
 * page asks to open in a new window is checked here first; whatever is not on this list is
 * dropped, so a compromised or tricked renderer cannot launch arbitrary URLs or protocol
 * handlers on the operator's machine.
 *
 * The list: the public sites and personal cabinets of the providers the console speaks to
 * (see the provider documents). smsgate gives each customer a host of its own and has no
 * public site to list. The console has no online documentation of its own to link to.
 */
export const EXTERNAL_LINK_DOMAINS: readonly string[] = [
  // SMSC: one platform under several country domains; cabinet and API on the same sites,
  // backup hosts as www2.<domain>.
  'smsc.ru',
  'smsc.kz',
  'smsc.ua',
  'smsc.uz',
  // OsonSMS (Tajikistan)
  'osonsms.com',
  // GETSMS (Uzbekistan)
  'getsms.uz',
]

/**
 * True when `url` may be opened in the user's browser: https on the default port, no
 * credentials in it, and a host that is one of EXTERNAL_LINK_DOMAINS or a subdomain of one.
 */
export function isAllowedExternalUrl(url: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (parsed.protocol !== 'https:') return false
  if (parsed.username !== '' || parsed.password !== '') return false
  if (parsed.port !== '') return false
  const host = parsed.hostname.toLowerCase()
  return EXTERNAL_LINK_DOMAINS.some((domain) => host === domain || host.endsWith(`.${domain}`))
}

/** Scheme and host of `url`, for a log line: its path and query may carry anything. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url)
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : parsed.protocol
  } catch {
    return 'a malformed URL'
  }
}
