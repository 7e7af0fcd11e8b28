// The one CSV writer every file of the console uses: History's export and the rejected rows of
// an import escape and guard cells alike, each keeping its own layout.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { csvHeader, csvRow } from '../../src/main/core/history/query'
import { reasonText } from '../../src/shared/reason-text'
import { RejectsWriter } from '../../src/main/core/imports/rejects'
import { csvCell, csvLine, looksLikeFormula } from '../../src/shared/csv-write'
import type { OutboxMessage } from '../../src/shared/contract'
import { phrase } from '../../src/shared/phrases'

/** Every start OWASP lists as a spreadsheet formula (or DDE) start. */
const FORMULAS = ['=1+2', '+7 900', '-2+3', '@SUM(A1)', '\t=cmd', '\r=cmd']

describe('csvCell', () => {
  it.each(FORMULAS)('guards %j with a leading apostrophe', (cell) => {
    expect(looksLikeFormula(cell)).toBe(true)
    const out = csvCell(cell, ';')
    // A carriage return also needs quoting; the apostrophe is inside the quotes.
    expect(out.replace(/^"/, '')).toMatch(/^'/)
  })

  it('leaves ordinary text alone and quotes only what needs quoting', () => {
    expect(csvCell('plain', ';')).toBe('plain')
    expect(csvCell('Привет, мир', ';')).toBe('Привет, мир')
    expect(csvCell('a;b', ';')).toBe('"a;b"')
    expect(csvCell('a\tb', '\t')).toBe('"a\tb"')
    expect(csvCell('say "hi"', ',')).toBe('"say ""hi"""')
    expect(csvCell('two\nlines', ',')).toBe('"two\nlines"')
    expect(csvCell('', ',')).toBe('')
    expect(csvCell("'=already", ',')).toBe("'=already")
  })

  it('guards before quoting, so the apostrophe ends up inside the quotes', () => {
    expect(csvCell('=HYPERLINK("http://x";"y")', ';')).toBe(`"'=HYPERLINK(""http://x"";""y"")"`)
    expect(csvCell('\r=cmd', ',')).toBe(`"'\r=cmd"`)
  })

  it('writes a formatted value as it is when told not to guard it', () => {
    expect(csvCell('-5', ',', { guard: false })).toBe('-5')
    expect(csvLine([{ value: '-5', guard: false }, '-5'], ',')).toBe("-5,'-5\r\n")
  })
})

describe('the rejected rows of an import', () => {
  it('keep their layout (BOM, delimiter, CRLF) and guard every cell', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rejects-'))
    try {
      const path = join(dir, 'rejects.csv')
      const w = new RejectsWriter(path, ';', 'en')
      const said = phrase('row.noNumber', { column: 'phone' })
      for (const [i, cell] of FORMULAS.entries()) {
        w.add(
          { ok: false, line: i + 2, phone: cell, reason: 'badPhone', detail: 'x', phrase: said },
          [cell, 'Hello; world'],
        )
      }
      w.close()
      const text = readFileSync(path, 'utf8')
      expect(text.startsWith('\uFEFFline;phone;reason;detail;row\r\n')).toBe(true)
      const lines = text.slice(1).split('\r\n')
      expect(lines.at(-1)).toBe('')
      expect(lines[1]).toBe(`2;'=1+2;Bad phone number;x;'=1+2;"Hello; world"`)
      expect(lines[2]).toBe(`3;'+7 900;Bad phone number;x;'+7 900;"Hello; world"`)
      expect(lines[3]).toBe(`4;'-2+3;Bad phone number;x;'-2+3;"Hello; world"`)
      expect(lines[4]).toBe(`5;'@SUM(A1);Bad phone number;x;'@SUM(A1);"Hello; world"`)
      expect(lines[5]).toBe(`6;'\t=cmd;Bad phone number;x;'\t=cmd;"Hello; world"`)
      expect(text).toContain(`7;"'\r=cmd";Bad phone number;x;"'\r=cmd";"Hello; world"\r\n`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe("History's export", () => {
  const message: OutboxMessage = {
    id: 7,
    profileId: 'p',
    batchId: null,
    sender: '+Shop',
    phone: '992901234567',
    text: '-1 for "you"; reply',
    encoding: 'GSM7',
    parts: 1,
    state: 'failed',
    providerIds: ['a', 'b'],
    attempts: 1,
    error: '@provider: refused',
    errorCode: null,
    createdAt: Date.UTC(2024, 0, 2, 3, 4, 5),
    updatedAt: Date.UTC(2024, 0, 2, 3, 4, 6),
  }

  it('keeps its layout and guards the texts people and providers wrote', () => {
    expect(csvHeader('en', ';')).toBe(
      'ID;Created;Updated;Profile;Batch;Sender;Phone;Text;Encoding;Parts;Status;Reason;Provider IDs\r\n',
    )
    expect(
      csvRow(message, { delimiter: ';', tzOffsetMinutes: 0, lang: 'en', profileName: '=X' }),
    ).toBe(
      `7;2024-01-02 03:04:05;2024-01-02 03:04:06;'=X;;'+Shop;992901234567;"'-1 for ""you""; reply";GSM-7;1;failed;'@provider: refused;a b\r\n`,
    )
  })

  it('says the status and the reason in Russian for a Russian export, as the screens do', () => {
    const failed = {
      ...message,
      error: 'Delivery report UNDELIV (error 001)',
      errorCode: 'smpp:stat:UNDELIV',
    }
    const row = csvRow(failed, { delimiter: ';', tzOffsetMinutes: 0, lang: 'ru', profileName: 'P' })
    const fields = row.trimEnd().split(';')
    expect(fields.at(-3)).toBe('Не доставлено')
    expect(fields.at(-2)).toBe(reasonText(failed.error, 'ru', failed.errorCode))
    expect(fields.at(-2)).toMatch(/[а-я]/)
    expect(fields.at(-2)).not.toContain('Delivery report')
    // The English export keeps the outbox's own words.
    const en = csvRow(failed, { delimiter: ';', tzOffsetMinutes: 0, lang: 'en', profileName: 'P' })
    expect(en).toContain(';Delivery report UNDELIV (error 001);')
  })
})
