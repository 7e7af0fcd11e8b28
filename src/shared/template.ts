/**
 * Message templates for bulk sends: `#name#` (as the smsgate document writes variables) and
 * `{name}`, filled from a CSV row. Pure, so the renderer's live preview and main's import
 * render exactly the same text.
 */

export type TemplatePart =
  | { kind: 'text'; text: string }
  /** `raw`: the variable as written (`{name}` or `#name#`). */
  | { kind: 'var'; name: string; raw: string }

export interface CompiledTemplate {
  parts: TemplatePart[]
  /** Variable names as written, each once, in order of first use. */
  variables: string[]
}

export interface Rendered {
  text: string
  /** Variables the row has no column for (as written in the template). */
  missing: string[]
}

// A #…# variable has no spaces, so "order #12 and #13" stays text; {…} may hold them.
const VARIABLE = /#([\p{L}\p{N}_.-]{1,64})#|\{([\p{L}\p{N}_. -]{1,64})\}/gu

/** How a column header and a variable name are compared: case and outer spaces ignored. */
export function variableKey(name: string): string {
  return name.trim().toLowerCase()
}

export function compileTemplate(template: string): CompiledTemplate {
  const parts: TemplatePart[] = []
  const variables: string[] = []
  let last = 0
  for (const m of template.matchAll(VARIABLE)) {
    const name = (m[1] ?? m[2] ?? '').trim()
    if (name === '') continue
    if (m.index > last) parts.push({ kind: 'text', text: template.slice(last, m.index) })
    parts.push({ kind: 'var', name, raw: m[0] })
    if (!variables.includes(name)) variables.push(name)
    last = m.index + m[0].length
  }
  if (last < template.length) parts.push({ kind: 'text', text: template.slice(last) })
  return { parts, variables }
}

/** Column values by variableKey(header). */
export type TemplateValues = ReadonlyMap<string, string>

export function renderTemplate(
  template: CompiledTemplate | string,
  values: TemplateValues,
): Rendered {
  const compiled = typeof template === 'string' ? compileTemplate(template) : template
  let text = ''
  const missing: string[] = []
  for (const part of compiled.parts) {
    if (part.kind === 'text') {
      text += part.text
      continue
    }
    const value = values.get(variableKey(part.name))
    if (value === undefined) {
      if (!missing.includes(part.name)) missing.push(part.name)
    } else {
      text += value
    }
  }
  return { text, missing }
}

/** The values of one row, keyed by its columns' names (extra cells beyond the header ignored). */
export function rowValues(columns: readonly string[], row: readonly string[]): TemplateValues {
  const values = new Map<string, string>()
  columns.forEach((c, i) => {
    const key = variableKey(c)
    if (key !== '' && !values.has(key)) values.set(key, (row[i] ?? '').trim())
  })
  return values
}

/** Template variables that name no column: reported once for the whole file, not per row. */
export function unknownVariables(
  template: CompiledTemplate | string,
  columns: readonly string[],
): string[] {
  const compiled = typeof template === 'string' ? compileTemplate(template) : template
  const known = new Set(columns.map(variableKey))
  return compiled.variables.filter((v) => !known.has(variableKey(v)))
}

/**
 * The variables the values know filled in, the others left as written: a canned reply takes the
 * customer's name from their contact and keeps `{amount}` for the agent to write.
 */
export function fillKnown(template: CompiledTemplate | string, values: TemplateValues): string {
  const compiled = typeof template === 'string' ? compileTemplate(template) : template
  return compiled.parts
    .map((p) => (p.kind === 'text' ? p.text : (values.get(variableKey(p.name)) ?? p.raw)))
    .join('')
}
