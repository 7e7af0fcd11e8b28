/**
 * A failure reason in the operator's language. The outbox writes reasons in English from fixed
 * phrases around the provider's own words; the phrases are translated, the provider's words
 * (and codes) are kept as they came.
 */
import type { Lang } from '../../i18n'

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

export function reasonText(error: string, lang: Lang): string {
  if (lang === 'en') return error
  for (const [re, to] of RU) {
    const m = re.exec(error)
    if (m) return to(m)
  }
  return error
}
