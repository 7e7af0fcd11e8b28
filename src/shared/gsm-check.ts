/**
 * Why a text goes as UCS-2 (70 characters a part instead of 160), and what keeps it GSM-7: the
 * characters with no GSM-7 form, and for those that only look different from one that has
 * (typographic quotes and dashes, an ellipsis, a non-breaking space, a Cyrillic letter inside
 * Latin text), the plain one. Pure, for the renderer's live check and for tests.
 */
import { analyzeSms, gsm7Septets } from './sms'

/** Look-alikes with a GSM-7 form that says the same. */
const TYPOGRAPHIC: Readonly<Record<string, string>> = {
  '‘': "'",
  '’': "'",
  '‚': "'",
  '‛': "'",
  '′': "'",
  '´': "'",
  '`': "'",
  '“': '"',
  '”': '"',
  '„': '"',
  '‟': '"',
  '″': '"',
  '«': '"',
  '»': '"',
  '–': '-',
  '—': '-',
  '‒': '-',
  '―': '-',
  '−': '-',
  '‐': '-',
  '‑': '-',
  '…': '...',
  '\u00a0': ' ',
  '\u2009': ' ',
  '\u202f': ' ',
  '•': '*',
  '№': 'No.',
}

/** Cyrillic letters drawn like Latin ones: a slip of the keyboard layout inside Latin words. */
const CYRILLIC_LOOKALIKES: Readonly<Record<string, string>> = {
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
}

export interface Ucs2Char {
  char: string
  count: number
  /** What keeps the meaning in GSM-7, or null when nothing does (a Cyrillic word, an emoji). */
  replacement: string | null
}

export interface GsmCheck {
  /** Each character that forces UCS-2, in order of first appearance. */
  chars: Ucs2Char[]
  /** The text with every replacement made, when that leaves it all GSM-7; else null. */
  fixed: string | null
  partsNow: number
  /** Parts of `fixed` (as partsNow when there is no fix). */
  partsFixed: number
}

const LATIN = /[A-Za-z]/

/** A Cyrillic look-alike counts as a slip only between Latin letters or at a Latin word's edge. */
function inLatinWord(text: string, at: number): boolean {
  const before = text.charAt(at - 1)
  const after = text.charAt(at + 1)
  return LATIN.test(before) || LATIN.test(after)
}

export function checkGsm(text: string): GsmCheck {
  const found = new Map<string, Ucs2Char>()
  let fixed = ''
  let fixable = true
  // Code points, so an emoji is one character, not two halves.
  const chars = Array.from(text)
  let at = 0
  for (const ch of chars) {
    if (ch.length === 1 && gsm7Septets(ch) > 0) {
      fixed += ch
    } else {
      const lookalike = CYRILLIC_LOOKALIKES[ch]
      const replacement =
        TYPOGRAPHIC[ch] ?? (lookalike && inLatinWord(text, at) ? lookalike : undefined) ?? null
      const seen = found.get(ch)
      if (seen) {
        seen.count++
        // A look-alike is a slip only where every one of it stands in Latin words.
        if (replacement === null) seen.replacement = null
      } else {
        found.set(ch, { char: ch, count: 1, replacement })
      }
      if (replacement === null) fixable = false
      else fixed += replacement
    }
    at += ch.length
  }
  const partsNow = analyzeSms(text).parts
  if (found.size === 0 || !fixable) {
    return { chars: [...found.values()], fixed: null, partsNow, partsFixed: partsNow }
  }
  return { chars: [...found.values()], fixed, partsNow, partsFixed: analyzeSms(fixed).parts }
}
