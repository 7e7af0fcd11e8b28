/**
 * The rejected rows of an import as a CSV the operator downloads: written as the rows are
 * checked, in the operator's language.
 */
import { closeSync, openSync, writeSync } from 'node:fs'
import { REJECT_REASON_NAMES } from '../../../shared/calls/imports'
import { CSV_BOM, csvLine } from '../../../shared/csv-write'
import { phraseText } from '../../../shared/phrases'
import type { RowResult } from './rows'

const REJECTS_HEADER = {
  en: ['line', 'phone', 'reason', 'detail', 'row'],
  ru: ['строка', 'телефон', 'причина', 'подробности', 'строка файла'],
} as const

/**
 * The rejected rows as CSV (UTF-8 with BOM, which Excel opens right; CRLF), written as they
 * come. Every cell goes through the console's one CSV writer: the rows are the operator's own
 * file, so any of them may start like a formula.
 */
export class RejectsWriter {
  private readonly fd: number
  private buffer = CSV_BOM

  constructor(
    path: string,
    private readonly delimiter: string,
    private readonly lang: 'en' | 'ru',
  ) {
    this.fd = openSync(path, 'w', 0o600)
    this.line(REJECTS_HEADER[lang])
  }

  add(r: Extract<RowResult, { ok: false }>, cells: readonly string[]): void {
    const detail = this.lang === 'en' ? r.detail : (phraseText(r.phrase, this.lang) ?? r.detail)
    const reason = REJECT_REASON_NAMES[this.lang][r.reason]
    this.line([String(r.line), r.phone, reason, detail, ...cells])
  }

  close(): void {
    this.flush()
    closeSync(this.fd)
  }

  private line(cells: readonly string[]): void {
    this.buffer += csvLine(cells, this.delimiter)
    if (this.buffer.length > 64 * 1024) this.flush()
  }

  private flush(): void {
    if (this.buffer) writeSync(this.fd, Buffer.from(this.buffer, 'utf8'))
    this.buffer = ''
  }
}
