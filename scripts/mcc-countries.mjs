// Writes src/shared/mcc-countries.ts: each mobile country code (MCC) and the country it belongs
// to (ISO 3166 alpha-2), and each country's English name as that table gives it (as providers
// name a roaming country), from the mcc-mnc-list package's table (Wikipedia's list of MCCs and
// MNCs). The screens name an HLR answer's country in the operator's language from it, through
// Intl.DisplayNames. Run again after updating mcc-mnc-list: test/unit/mcc-countries.test.ts
// fails while the table and the package differ.
//   node scripts/mcc-countries.mjs
import { writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)

/** MCC → the country most of its networks are in (a few MCCs span territories). */
export function mccCountries() {
  const counts = new Map()
  for (const op of require('mcc-mnc-list').all()) {
    if (!/^\d{3}$/.test(op.mcc ?? '') || !/^[A-Z]{2}$/.test(op.countryCode ?? '')) continue
    const byCountry = counts.get(op.mcc) ?? new Map()
    byCountry.set(op.countryCode, (byCountry.get(op.countryCode) ?? 0) + 1)
    counts.set(op.mcc, byCountry)
  }
  const table = {}
  for (const mcc of [...counts.keys()].sort()) {
    const [[code]] = [...counts.get(mcc)].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    table[mcc] = code
  }
  return table
}

/** A country's English name (as the table and the providers write it) → its code. */
export function countryCodes() {
  const names = new Map()
  for (const op of require('mcc-mnc-list').all()) {
    if (!op.countryName || !/^[A-Z]{2}$/.test(op.countryCode ?? '')) continue
    if (!names.has(op.countryName)) names.set(op.countryName, op.countryCode)
  }
  return Object.fromEntries([...names].sort((a, b) => a[0].localeCompare(b[0])))
}

export function source(table, names) {
  const lines = (o) => Object.entries(o).map(([k, code]) => `  ${JSON.stringify(k)}: '${code}',`)
  return `// Written by scripts/mcc-countries.mjs from the mcc-mnc-list package: do not edit.
/** Each mobile country code (MCC) and its country (ISO 3166 alpha-2). */
export const MCC_COUNTRIES: Readonly<Record<string, string>> = {
${lines(table).join('\n')}
}

/** Each country's English name, as providers give it, and its code. */
export const COUNTRY_CODES: Readonly<Record<string, string>> = {
${lines(names).join('\n')}
}
`
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = join(dirname(fileURLToPath(import.meta.url)), '../src/shared/mcc-countries.ts')
  // As the project's Prettier writes it, so that the check of the sources passes.
  const prettier = await import('prettier')
  const options = { ...(await prettier.resolveConfig(out)), filepath: out }
  writeFileSync(out, await prettier.format(source(mccCountries(), countryCodes()), options))
  console.info(`wrote ${out}`)
}
