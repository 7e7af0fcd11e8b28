/**
 * Just enough XML for smsgate's documents: elements, attributes, text and the five entities.
 * No DTDs, no namespaces; anything else is an error, never a guess. Shared by the client
 * (reading replies) and the simulator (reading requests).
 */

export interface XmlElement {
  name: string
  attrs: Record<string, string>
  children: XmlElement[]
  /** Text directly inside the element (entities decoded, surrounding blanks kept). */
  text: string
}

export class XmlError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'XmlError'
  }
}

const NAME = /^[A-Za-z_][\w.-]*/
const ATTR = /^\s+([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/

export function parseXml(src: string): XmlElement {
  const stack: XmlElement[] = []
  let root: XmlElement | null = null
  let i = src.charCodeAt(0) === 0xfeff ? 1 : 0
  while (i < src.length) {
    const lt = src.indexOf('<', i)
    const textEnd = lt < 0 ? src.length : lt
    if (textEnd > i) {
      const text = src.slice(i, textEnd)
      const top = stack[stack.length - 1]
      if (top) top.text += decodeEntities(text)
      else if (text.trim()) throw new XmlError(`text outside the root element: ${text.trim()}`)
    }
    if (lt < 0) break
    if (src.startsWith('<?', lt)) {
      i = skipPast(src, lt, '?>')
    } else if (src.startsWith('<!--', lt)) {
      i = skipPast(src, lt, '-->')
    } else if (src.startsWith('<![CDATA[', lt)) {
      const end = skipPast(src, lt, ']]>')
      const top = stack[stack.length - 1]
      if (!top) throw new XmlError('CDATA outside the root element')
      top.text += src.slice(lt + 9, end - 3)
      i = end
    } else if (src.startsWith('<!', lt)) {
      throw new XmlError('DTDs are not accepted')
    } else if (src.startsWith('</', lt)) {
      const name = NAME.exec(src.slice(lt + 2))?.[0]
      const close = src.indexOf('>', lt)
      if (!name || close < 0) throw new XmlError(`bad closing tag at ${lt}`)
      if (src.slice(lt + 2 + name.length, close).trim())
        throw new XmlError(`bad closing tag ${name}`)
      const open = stack.pop()
      if (!open || open.name !== name)
        throw new XmlError(`</${name}> closes <${open?.name ?? 'nothing'}>`)
      i = close + 1
    } else {
      let rest = src.slice(lt + 1)
      const name = NAME.exec(rest)?.[0]
      if (!name) throw new XmlError(`bad tag at ${lt}`)
      rest = rest.slice(name.length)
      let used = lt + 1 + name.length
      const el: XmlElement = { name, attrs: {}, children: [], text: '' }
      for (;;) {
        const m = ATTR.exec(rest)
        if (!m) break
        el.attrs[m[1] as string] = decodeEntities(m[3] ?? m[4] ?? '')
        rest = rest.slice(m[0].length)
        used += m[0].length
      }
      const tail = /^\s*(\/?)>/.exec(rest)
      if (!tail) throw new XmlError(`bad tag <${name}>`)
      used += tail[0].length
      const parent = stack[stack.length - 1]
      if (parent) parent.children.push(el)
      else if (root) throw new XmlError('more than one root element')
      else root = el
      if (!tail[1]) stack.push(el)
      i = used
    }
  }
  if (stack.length) throw new XmlError(`<${stack[stack.length - 1]?.name}> is never closed`)
  if (!root) throw new XmlError('no root element')
  return root
}

function skipPast(src: string, from: number, end: string): number {
  const at = src.indexOf(end, from)
  if (at < 0) throw new XmlError(`unterminated ${src.slice(from, from + 4)}`)
  return at + end.length
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code =
        body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : Number(body.slice(1))
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole
    }
    const named = ENTITIES[body.toLowerCase()]
    if (named === undefined) throw new XmlError(`unknown entity ${whole}`)
    return named
  })
}

export function escapeXml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

/** The document forbids line breaks in the XML: a break inside data travels as the two characters `\n`. */
export function xmlData(s: string): string {
  return escapeXml(s.replace(/\r\n|\r|\n/g, '\\n'))
}

/** The reverse of xmlData's line-break rule, for the simulator reading a request. */
export function fromXmlData(s: string): string {
  return s.replace(/\\n/g, '\n')
}

export function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name)
}

export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name)
}

export function isXmlName(s: string): boolean {
  return /^[A-Za-z_][\w.-]*$/.test(s) && !/^xml/i.test(s)
}
