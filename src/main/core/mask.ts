/**
 * Blanks secrets (passwords, API keys, tokens) out of a text, in every form a provider's answer
 * may carry them: as typed, URL- or form-encoded (`%23` or `%23`, `%20` or `+`, upper or lower
 * case hex, even encoded twice), JSON-escaped (`\"`, `\u0040`), XML/HTML-escaped (`&amp;`,
 * `&#39;`, `&#x40;`, `&commat;`) — and any mix of these, character by character, since a server
 * echoing a request may escape only some of them. Every place that masks uses this: the
 * provider errors, the log file, the connection test.
 */

/** Shorter secrets are not masked: they would blank out ordinary words. */
export const MIN_SECRET_LENGTH = 3

const patterns = new Map<string, RegExp>()

/** `text` with every form of every secret replaced by `replacement`. */
export function maskSecrets(
  text: string,
  secrets: Iterable<string | null | undefined> | null | undefined,
  replacement = '***',
): string {
  if (!secrets || !text) return text
  const list = [...new Set(secrets)]
    .filter((s): s is string => typeof s === 'string' && [...s].length >= MIN_SECRET_LENGTH)
    // The longest first: a secret that is part of another must not break the other's match.
    .sort((a, b) => b.length - a.length)
  let out = text
  for (const secret of list) out = out.replace(patternOf(secret), replacement)
  return out
}

/** Whether any form of the secret occurs in the text. */
export function containsSecret(text: string, secret: string): boolean {
  if ([...secret].length < MIN_SECRET_LENGTH) return false
  const re = patternOf(secret)
  re.lastIndex = 0
  return re.test(text)
}

function patternOf(secret: string): RegExp {
  let re = patterns.get(secret)
  if (!re) {
    re = new RegExp([...secret].map((ch) => `(?:${formsOf(ch).join('|')})`).join(''), 'g')
    if (patterns.size > 256) patterns.clear()
    patterns.set(secret, re)
  }
  re.lastIndex = 0
  return re
}

/** HTML5 names of ASCII punctuation (htmlentities and friends use some of them). */
const NAMED: Readonly<Record<string, readonly string[]>> = {
  ' ': ['nbsp'],
  '!': ['excl'],
  '"': ['quot', 'QUOT'],
  '#': ['num'],
  $: ['dollar'],
  '%': ['percnt'],
  '&': ['amp', 'AMP'],
  "'": ['apos'],
  '(': ['lpar'],
  ')': ['rpar'],
  '*': ['ast', 'midast'],
  '+': ['plus'],
  ',': ['comma'],
  '.': ['period'],
  '/': ['sol'],
  ':': ['colon'],
  ';': ['semi'],
  '<': ['lt', 'LT'],
  '=': ['equals'],
  '>': ['gt', 'GT'],
  '?': ['quest'],
  '@': ['commat'],
  '[': ['lsqb', 'lbrack'],
  '\\': ['bsol'],
  ']': ['rsqb', 'rbrack'],
  '^': ['Hat'],
  _: ['lowbar', 'UnderBar'],
  '`': ['grave', 'DiacriticalGrave'],
  '{': ['lcub', 'lbrace'],
  '|': ['verbar', 'vert', 'VerticalLine'],
  '}': ['rcub', 'rbrace'],
}

/** JSON's short escapes. */
const JSON_SHORT: Readonly<Record<string, string>> = {
  '"': '\\\\"',
  '\\': '\\\\\\\\',
  '/': '\\\\/',
  '\b': '\\\\b',
  '\f': '\\\\f',
  '\n': '\\\\n',
  '\r': '\\\\r',
  '\t': '\\\\t',
}

/** Every spelling of one character, as regular-expression alternatives. */
function formsOf(ch: string): string[] {
  const forms = [escapeRegExp(ch)]
  const bytes = [...new TextEncoder().encode(ch)]
  // URL / form encoding (any hex case), and the same encoded twice (%2523).
  forms.push(bytes.map((b) => `%${hex(b, 2)}`).join(''))
  forms.push(bytes.map((b) => `%25${hex(b, 2)}`).join(''))
  if (ch === ' ') forms.push('\\+')
  const code = ch.codePointAt(0) ?? 0
  const units = code > 0xffff ? [...ch].flatMap(surrogates) : [code]
  // JavaScript's old escape(): %uXXXX.
  forms.push(units.map((u) => `%[uU]${hex(u, 4)}`).join(''))
  // JSON.
  forms.push(units.map((u) => `\\\\u${hex(u, 4)}`).join(''))
  const short = JSON_SHORT[ch]
  if (short) forms.push(short)
  // XML / HTML: numeric references (leading zeros allowed), then names.
  forms.push(`&#0*${code};`)
  forms.push(`&#[xX]0*${hex(code, 0)};`)
  for (const name of NAMED[ch] ?? []) forms.push(`&${name};`)
  return forms
}

function surrogates(ch: string): number[] {
  const out: number[] = []
  for (let i = 0; i < ch.length; i++) out.push(ch.charCodeAt(i))
  return out
}

/** Hex digits of `n` as a pattern that takes either case, padded to `width`. */
function hex(n: number, width: number): string {
  return n
    .toString(16)
    .padStart(width, '0')
    .replace(/[a-f]/g, (d) => `[${d}${d.toUpperCase()}]`)
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}
