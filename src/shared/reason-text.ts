/**
 * A failure reason in the operator's language. The outbox stores an English text and a reason
 * code: the code is translated from a table; without one (older rows), the outbox's fixed
 * phrases are translated and the provider's words (and codes) are kept as they came.
 */
type Lang = 'en' | 'ru'
import { REASON_CODES } from './reason-codes'

type Rule = [RegExp, (m: RegExpExecArray) => string]

const RU: Rule[] = [
  [/^Rejected by the provider: ([\s\S]*)$/, (m) => `Отклонено провайдером: ${m[1]}`],
  [
    /^Delivery report: ([\s\S]*) — ([\s\S]*)$/,
    (m) => `Отчёт о доставке: ${m[1]} — ${stat(m[2] ?? '')}`,
  ],
  [/^Delivery report ([\s\S]*)$/, (m) => `Отчёт о доставке: ${stat(m[1] ?? '')}`],
  [
    /^No answer from the provider \(([\s\S]*)\); it may have been sent\. Resend it or mark it failed\.$/,
    (m) =>
      `Провайдер не ответил (${m[1]}); сообщение могло уйти. Отправьте его снова или отметьте как неудачное.`,
  ],
  [
    /^No usable answer after (\d+) attempts \(([\s\S]*)\)\. Check its status, resend it or mark it failed\.$/,
    (m) =>
      `Нет внятного ответа после ${m[1]} попыток (${m[2]}). Проверьте статус, отправьте снова или отметьте как неудачное.`,
  ],
  [
    /^The console stopped while this message was being sent; it may or may not have reached the provider\. Resend it or mark it failed\.$/,
    () =>
      'Консоль остановилась во время отправки; сообщение могло дойти до провайдера, а могло и нет. Отправьте его снова или отметьте как неудачное.',
  ],
  [/^Marked failed by the operator$/, () => 'Отмечено оператором как неудачное'],
  [
    /^Sent through ([\s\S]*): ([\s\S]*) is unavailable$/,
    (m) => `Отправлено через ${m[1]}: ${m[2]} недоступен`,
  ],
]

/** SMPP receipt words, which several providers reuse: the word stays, its meaning is added. */
const STAT_RU: Record<string, string> = {
  DELIVRD: 'доставлено',
  UNDELIV: 'не доставлено',
  EXPIRED: 'истёк срок',
  REJECTD: 'отклонено',
  DELETED: 'удалено',
  UNKNOWN: 'неизвестно',
  ENROUTE: 'в пути',
  ACCEPTD: 'принято',
}

function stat(code: string): string {
  return code.replace(/^([A-Z]{7})(?: \(error ([^)]*)\))?/, (whole, word: string, err?: string) => {
    const meaning = STAT_RU[word]
    const base = meaning ? `${word} (${meaning})` : word
    return err === undefined ? (meaning ? base : whole) : `${base}, код ошибки ${err}`
  })
}

/** A report's code part in Russian: "UNDELIV (error 001)" → "UNDELIV, код ошибки 001". */
function reportCode(code: string): string {
  return code.replace(/ \((?:error|err) ([^)]*)\)/, ', код ошибки $1')
}

/**
 * The provider's own words where they add detail: the trailing "(OsonSMS 119: "…", HTTP 402)"
 * or "(smsgate: «…»)" of a reason, or the SMPP status name.
 */
function providerDetail(reason: string): string {
  const esme = /\bESME_\w+ \(0x[0-9A-F]+\)/.exec(reason)
  if (esme) return ` (${esme[0]})`
  const tail = /\(([^()]*)\)\s*$/.exec(reason)
  if (!tail?.[1]) return ''
  return ` (${tail[1].replace(/^(?:error|err) (\S+)$/, 'код $1')})`
}

/** The code's meaning, framed the way the outbox framed the English text. */
function framed(error: string, meaning: string): string {
  const rejected = /^Rejected by the provider: ([\s\S]*)$/.exec(error)
  if (rejected) return `Отклонено провайдером: ${meaning}${providerDetail(rejected[1] ?? '')}`
  const report = /^Delivery report: ([\s\S]*) — ([\s\S]*)$/.exec(error)
  if (report) return `Отчёт о доставке: ${meaning} — ${reportCode(report[2] ?? '')}`
  const bare = /^Delivery report ([\s\S]*)$/.exec(error)
  if (bare) return `Отчёт о доставке: ${meaning} — ${reportCode(bare[1] ?? '')}`
  return `${meaning}${providerDetail(error)}`
}

function byPrefix(error: string): string | null {
  for (const [re, to] of RU) {
    const m = re.exec(error)
    if (m) return to(m)
  }
  return null
}

/**
 * By the reason code first (every documented code of every provider has a text), then by the
 * outbox's fixed phrases, then the stored English as it is. The outbox's own codes keep their
 * phrase translation, which carries the provider's detail inside it.
 */
export function reasonText(error: string, lang: Lang, code?: string | null): string {
  const meaning = code ? REASON_CODES[code] : undefined
  if (lang === 'en') return error || (meaning?.en ?? '')
  if (meaning && !code?.startsWith('outbox:')) return framed(error, meaning.ru)
  return byPrefix(error) ?? meaning?.ru ?? error
}
