// A secret is blanked out of a text in every form an answer may echo it in.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createLog } from '../../src/main/core/log'
import { containsSecret, maskSecrets } from '../../src/main/core/mask'
import { xmlEscape } from '../helpers/escape'

/** Every character a URL, a form, JSON and XML treat specially, and two that are not ASCII. */
const SECRET = `Ec#ho P@ss+&=%?/"'<>\\;:,!*()[]{}~\`|^$ёé`

const xml = xmlEscape

/** The forms a server quoting our request may use. */
const FORMS: Record<string, string> = {
  raw: SECRET,
  'URL, %20': encodeURIComponent(SECRET),
  'URL, every reserved character': encodeURIComponent(SECRET).replace(
    /[!'()*~]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  ),
  'form, +': new URLSearchParams({ psw: SECRET }).toString().slice('psw='.length),
  'form, lower-case hex': new URLSearchParams({ psw: SECRET })
    .toString()
    .slice('psw='.length)
    .replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
  'URL, twice': encodeURIComponent(encodeURIComponent(SECRET)),
  JSON: JSON.stringify(SECRET).slice(1, -1),
  'JSON, \\u for everything not ASCII': JSON.stringify(SECRET)
    .slice(1, -1)
    .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  'JSON, slashes escaped too': JSON.stringify(SECRET).slice(1, -1).replace(/\//g, '\\/'),
  'XML, named': xml(SECRET),
  'XML, &apos;': xml(SECRET).replace(/&#39;/g, '&apos;'),
  'XML, decimal references': [...SECRET].map((c) => `&#${c.codePointAt(0)};`).join(''),
  'XML, hex references': [...SECRET].map((c) => `&#x${c.codePointAt(0)?.toString(16)};`).join(''),
  'HTML5 names': SECRET.replace('@', '&commat;').replace('#', '&num;').replace('!', '&excl;'),
  'a mix of all, character by character': [...SECRET]
    .map((c, i) =>
      i % 3 === 0 ? encodeURIComponent(c) : i % 3 === 1 ? xml(c) : JSON.stringify(c).slice(1, -1),
    )
    .join(''),
}

describe('maskSecrets', () => {
  it.each(Object.entries(FORMS))('masks the %s form', (_name, form) => {
    const text = `<p>Bad request: login=agent&psw=${form}&fmt=3</p>`
    expect(containsSecret(text, SECRET)).toBe(true)
    const masked = maskSecrets(text, [SECRET])
    expect(masked).toBe('<p>Bad request: login=agent&psw=***&fmt=3</p>')
    expect(containsSecret(masked, SECRET)).toBe(false)
  })

  it('masks every occurrence, the longest secret first, with the replacement asked for', () => {
    const text = `a=abcdef b=${encodeURIComponent('abc')} c=abcdef`
    expect(maskSecrets(text, ['abc', 'abcdef'], '•••')).toBe('a=••• b=••• c=•••')
  })

  it('leaves the text alone without a secret, or with one too short to mask safely', () => {
    expect(maskSecrets('id=12 ok', ['12', null, undefined, ''])).toBe('id=12 ok')
    expect(maskSecrets('id=12 ok', null)).toBe('id=12 ok')
    // Hex case matters only inside an escape: the raw secret is compared exactly.
    expect(maskSecrets('PASSWORD', ['password'])).toBe('PASSWORD')
  })
})

describe('the log', () => {
  it('masks a registered secret in every form before writing a line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mask-log-'))
    try {
      const log = createLog(dir)
      log.mask(SECRET)
      for (const [name, form] of Object.entries(FORMS)) log('warn', `${name}: psw=${form};`)
      const text = readFileSync(log.file, 'utf8')
      expect(text.split('\n').filter(Boolean)).toHaveLength(Object.keys(FORMS).length)
      for (const name of Object.keys(FORMS)) expect(text).toContain(`${name}: psw=***;`)
      expect(containsSecret(text, SECRET)).toBe(false)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
