/**
 * SMS text arithmetic shared by the renderer (live counter) and main (SMPP encoder):
 * GSM 03.38 / UCS-2 detection, part counting, splitting and the byte codecs.
 * Pure: no Node APIs, so it runs in the renderer too (bytes are plain Uint8Array).
 */

export type SmsEncoding = 'GSM7' | 'UCS2'

export interface SmsAnalysis {
  encoding: SmsEncoding
  /** What the subscriber receives and pays for: the text before the comment marker. */
  chargedText: string
  /** SMSC comment (after `\n~~~\n`): shown in the account history, never sent, free. */
  comment: string | null
  /** Septets (GSM7, extension chars count 2) or UTF-16 code units (UCS2) of chargedText. */
  units: number
  parts: number
  /** Capacity of one part in units: 160/70 for a single part, 153/67 when concatenated. */
  perPart: number
  /** Units still free in the last part before another part is needed. */
  remaining: number
}

/** SMSC comment marker: everything after it is a note for the sender's history. */
export const COMMENT_MARKER = '\n~~~\n'

/** Service texts SMSC interprets itself; each is one request whatever its length. */
export const SINGLE_PART_SPECIAL_TEXTS: readonly string[] = ['__HLR__', '__PING__']

export const GSM7_SINGLE = 160
export const GSM7_MULTI = 153
export const UCS2_SINGLE = 70
export const UCS2_MULTI = 67
/** A concatenation UDH carries the part count in one octet. */
export const MAX_PARTS = 255

const GSM_ESCAPE = 0x1b

// GSM 03.38 basic table, index = septet; 0x1B (escape) is a placeholder, never a text char.
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà'

// GSM 03.38 extension table: char → septet after the 0x1B escape.
const GSM_EXTENSION: ReadonlyArray<readonly [string, number]> = [
  ['\f', 0x0a],
  ['^', 0x14],
  ['{', 0x28],
  ['}', 0x29],
  ['\\', 0x2f],
  ['[', 0x3c],
  ['~', 0x3d],
  [']', 0x3e],
  ['|', 0x40],
  ['€', 0x65],
]

const extDecode = new Map<number, string>(GSM_EXTENSION.map(([c, s]) => [s, c]))

/**
 * Each UTF-16 code unit's GSM-7 form: 0 none, BASIC | septet, or EXTENSION | septet (sent after
 * the 0x1B escape). A table, not a map of one-character strings: counting a text's septets
 * allocates nothing (main counts every message it sends, the window every key typed).
 */
const GSM7_FORM = new Uint16Array(0x10000)
const BASIC = 0x100
const EXTENSION = 0x200
for (let i = 0; i < GSM_BASIC.length; i++) {
  if (i !== GSM_ESCAPE) GSM7_FORM[GSM_BASIC.charCodeAt(i)] = BASIC | i
}
for (const [c, septet] of GSM_EXTENSION) GSM7_FORM[c.charCodeAt(0)] = EXTENSION | septet

/** Septets one character costs in GSM-7, or 0 if it has no GSM-7 form. */
export function gsm7Septets(char: string): 0 | 1 | 2 {
  if (char.length !== 1) return 0
  const form = GSM7_FORM[char.charCodeAt(0)] as number
  return form & BASIC ? 1 : form & EXTENSION ? 2 : 0
}

export function isGsm7Text(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (GSM7_FORM[text.charCodeAt(i)] === 0) return false
  }
  return true
}

/** Units a text costs: septets in GSM-7 (extension characters two), UTF-16 code units in UCS-2. */
function unitsOf(text: string, encoding: SmsEncoding): number {
  if (encoding === 'UCS2') return text.length
  let units = 0
  for (let i = 0; i < text.length; i++) {
    const form = GSM7_FORM[text.charCodeAt(i)] as number
    if (form === 0) throw new RangeError(`character U+${hex4(text.charAt(i))} has no GSM-7 form`)
    units += form & EXTENSION ? 2 : 1
  }
  return units
}

export function splitComment(text: string): { chargedText: string; comment: string | null } {
  const at = text.indexOf(COMMENT_MARKER)
  if (at < 0) return { chargedText: text, comment: null }
  return { chargedText: text.slice(0, at), comment: text.slice(at + COMMENT_MARKER.length) }
}

export function isSingleSpecialText(text: string): boolean {
  return SINGLE_PART_SPECIAL_TEXTS.includes(text)
}

/** Indivisible pieces of a text with their unit cost (extension pairs, surrogate pairs). */
function tokens(text: string, encoding: SmsEncoding): Array<{ s: string; cost: number }> {
  const out: Array<{ s: string; cost: number }> = []
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i)
    if (encoding === 'GSM7') {
      const cost = gsm7Septets(c)
      if (cost === 0) throw new RangeError(`character U+${hex4(c)} has no GSM-7 form`)
      out.push({ s: c, cost })
      continue
    }
    const code = text.charCodeAt(i)
    const next = text.charCodeAt(i + 1)
    // A surrogate pair is one character: splitting it would corrupt both parts.
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out.push({ s: text.slice(i, i + 2), cost: 2 })
      i++
    } else {
      out.push({ s: c, cost: 1 })
    }
  }
  return out
}

function hex4(c: string): string {
  return c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')
}

/**
 * Split a text into the pieces each SMS part carries, never cutting an extension
 * character's escape from its char nor a surrogate pair. One piece when it fits a single SMS.
 */
export function splitSmsText(text: string, encoding: SmsEncoding): string[] {
  // Most texts are one part: counted without cutting them into pieces.
  const single = encoding === 'GSM7' ? GSM7_SINGLE : UCS2_SINGLE
  if (unitsOf(text, encoding) <= single) return [text]
  const list = tokens(text, encoding)
  const per = encoding === 'GSM7' ? GSM7_MULTI : UCS2_MULTI
  const parts: string[] = []
  let current = ''
  let used = 0
  for (const t of list) {
    if (used + t.cost > per) {
      parts.push(current)
      current = ''
      used = 0
    }
    current += t.s
    used += t.cost
  }
  if (current !== '') parts.push(current)
  return parts
}

export function analyzeSms(text: string): SmsAnalysis {
  const { chargedText, comment } = splitComment(text)
  const encoding: SmsEncoding = isGsm7Text(chargedText) ? 'GSM7' : 'UCS2'
  const single = encoding === 'GSM7' ? GSM7_SINGLE : UCS2_SINGLE
  const multi = encoding === 'GSM7' ? GSM7_MULTI : UCS2_MULTI
  const units = unitsOf(chargedText, encoding)
  if (isSingleSpecialText(chargedText)) {
    return {
      encoding,
      chargedText,
      comment,
      units,
      parts: 1,
      perPart: single,
      remaining: Math.max(0, single - units),
    }
  }
  if (units <= single) {
    return {
      encoding,
      chargedText,
      comment,
      units,
      parts: units === 0 ? 0 : 1,
      perPart: single,
      remaining: single - units,
    }
  }
  const pieces = splitSmsText(chargedText, encoding)
  const last = pieces[pieces.length - 1] ?? ''
  const lastUnits = unitsOf(last, encoding)
  return {
    encoding,
    chargedText,
    comment,
    units,
    parts: pieces.length,
    perPart: multi,
    remaining: multi - lastUnits,
  }
}

/** Unpacked GSM-7 (one septet per octet, 0x1B escape for extension chars), as SMPP data_coding 0 carries it. */
export function encodeGsm7(text: string): Uint8Array {
  const out = new Uint8Array(unitsOf(text, 'GSM7'))
  let at = 0
  for (let i = 0; i < text.length; i++) {
    const form = GSM7_FORM[text.charCodeAt(i)] as number
    if (form & EXTENSION) out[at++] = GSM_ESCAPE
    out[at++] = form & 0x7f
  }
  return out
}

export function decodeGsm7(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i++) {
    const b = (bytes[i] ?? 0) & 0x7f
    if (b === GSM_ESCAPE) {
      const next = bytes[i + 1]
      if (next === undefined) break
      i++
      // 3GPP 23.038: an unknown escape shows the basic-table char of the following septet.
      out += extDecode.get(next & 0x7f) ?? GSM_BASIC.charAt(next & 0x7f)
      continue
    }
    out += GSM_BASIC.charAt(b)
  }
  return out
}

/** UTF-16BE code units, as SMPP data_coding 8 carries UCS-2. */
export function encodeUcs2(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2)
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    out[i * 2] = code >> 8
    out[i * 2 + 1] = code & 0xff
  }
  return out
}

export function decodeUcs2(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    out += String.fromCharCode(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0))
  }
  return out
}

export function isLatin1Text(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0xff) return false
  }
  return true
}

/** ISO-8859-1, one octet per char (SMPP data_coding 3); chars above U+00FF become '?'. */
export function encodeLatin1(text: string): Uint8Array {
  const out = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    out[i] = code > 0xff ? 0x3f : code
  }
  return out
}

export function decodeLatin1(bytes: Uint8Array): string {
  // One flat string per 4 kB (the call's argument count stays small), not one per byte: every
  // receipt text passes here.
  if (bytes.length <= LATIN1_CHUNK)
    return String.fromCharCode.apply(null, bytes as unknown as number[])
  let out = ''
  for (let i = 0; i < bytes.length; i += LATIN1_CHUNK) {
    out += String.fromCharCode.apply(
      null,
      bytes.subarray(i, i + LATIN1_CHUNK) as unknown as number[],
    )
  }
  return out
}
const LATIN1_CHUNK = 4096

/** Per-part payloads (no UDH) for a text already known to fit the encoding. */
export function splitSms(text: string, encoding: SmsEncoding): Uint8Array[] {
  const encode = encoding === 'GSM7' ? encodeGsm7 : encodeUcs2
  return splitSmsText(text, encoding).map(encode)
}
