/**
 * Compose's text: the box, its counter (encoding, units, parts), the template picker, the
 * characters that make it UCS-2 by a slip with a one-click plain replacement, and a variable
 * left over from a template that one message cannot fill.
 */
import { useMemo, useRef, type ReactNode } from 'react'
import { MAX_TEXT_LENGTH } from '../../../shared/constants'
import { checkGsm } from '../../../shared/gsm-check'
import { analyzeSms, COMMENT_MARKER, MAX_PARTS } from '../../../shared/sms'
import { compileTemplate } from '../../../shared/template'
import {
  accidentalType,
  countMessage,
  TYPE_RULES,
  type MessageTypeName,
} from '../../../shared/message-types'
import { messageTypeStrings } from '../../components/message-types/strings'
import { Field } from '../../components/Field'
import { insertText } from '../../components/templates/insert'
import { templateStrings } from '../../components/templates/strings'
import { TemplatePicker } from '../../components/templates/TemplatePicker'
import { formatPrice } from '../../format'
import { useT } from '../../i18n'
import { useLang } from '../../stores/lang'

interface Props {
  id: string
  label: string
  text: string
  onChange(text: string): void
  invalid: boolean
  /** Ids of what describes the box beside its counter (main's refusal of it). */
  describedBy?: string
  /** Ctrl+Enter in the box. */
  onSubmit(): void
  /** Main's refusal of the text, under it. */
  error: ReactNode
  /** The price per part the provider stated lately, if known: what a plain text saves. */
  perPart: number | null
  /** The message's SMSC type (SMS when absent), and the types its profile sends. */
  type?: MessageTypeName
  offeredTypes?: readonly MessageTypeName[]
  /** The agent chose to send a text that starts with a type's prefix as that type. */
  onSendAs?(type: MessageTypeName): void
}

/** True when the text cannot go: longer than any message (of its type) may be. */
export function textTooLong(text: string, type: MessageTypeName = 'sms'): boolean {
  if (TYPE_RULES[type].counts === 'one') return countMessage(text, type).remaining < 0
  if (TYPE_RULES[type].counts === 'none') return false
  return text.length > MAX_TEXT_LENGTH || analyzeSms(text).parts > MAX_PARTS
}

export function MessageText(props: Props) {
  const t = useT()
  const lang = useLang((s) => s.lang)
  const ts = messageTypeStrings[lang]
  const { text, onChange } = props
  const type = props.type ?? 'sms'
  const rule = TYPE_RULES[type]
  const typed = useMemo(() => countMessage(text, type), [text, type])
  // An SMS starting with __VIBER__ and the like, on a profile where SMSC would read it so.
  const stray =
    type === 'sms' && (props.offeredTypes?.length ?? 0) > 1 ? accidentalType(text) : null
  const strayType = stray && stray.type !== 'hlr' && stray.type !== 'ping' ? stray.type : null
  const boxRef = useRef<HTMLTextAreaElement>(null)
  const analysis = useMemo(() => analyzeSms(text), [text])
  // Why it goes as UCS-2, where that is a slip (a quote, a dash, a look-alike letter, an emoji)
  // rather than the language of the text.
  const gsm = useMemo(() => checkGsm(analysis.chargedText), [analysis.chargedText])
  const slips =
    gsm.fixed !== null || (gsm.chars.length > 0 && gsm.chars.every((c) => !/\p{L}/u.test(c.char)))
      ? gsm.chars
      : []
  const unfilled = useMemo(() => compileTemplate(text).variables, [text])
  const capacity = analysis.perPart * Math.max(analysis.parts, 1)
  const tooLong = textTooLong(text, type)
  const counterId = `${props.id}-counter`
  const counterText =
    rule.counts === 'one'
      ? ts.oneMessage(typed.units, typed.max)
      : rule.counts === 'none'
        ? ts.pingHint
        : `${analysis.encoding === 'GSM7' ? 'GSM-7' : 'UCS-2'} · ${analysis.units}/${capacity} · ${t.parts(analysis.parts)}`

  const putTemplate = (value: string) => {
    const box = boxRef.current
    const next = insertText(
      text,
      value,
      box ? { start: box.selectionStart, end: box.selectionEnd } : null,
    )
    onChange(next.text)
    // Back to the box, the caret after what came in.
    requestAnimationFrame(() => {
      box?.focus()
      box?.setSelectionRange(next.caret, next.caret)
    })
  }

  return (
    <Field id={props.id} label={props.label}>
      <textarea
        ref={boxRef}
        id={props.id}
        value={text}
        rows={5}
        disabled={rule.counts === 'none'}
        aria-invalid={props.invalid || tooLong ? true : undefined}
        aria-describedby={[props.describedBy, counterId].filter(Boolean).join(' ')}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) props.onSubmit()
        }}
      />
      <div className="counter-line">
        <output
          id={counterId}
          className="counter"
          aria-label={t.counter}
          aria-live="polite"
          data-encoding={analysis.encoding}
        >
          {counterText}
        </output>
        {analysis.comment !== null && <span className="hint">{t.commentNote}</span>}
        <TemplatePicker onPick={putTemplate} currentText={text} />
      </div>
      {unfilled.length > 0 && (
        <p className="hint template-unfilled" data-testid="template-unfilled">
          {templateStrings[lang].unfilled(unfilled)}
        </p>
      )}
      {stray && (
        <p className="hint stray-type" role="alert" data-testid="stray-type">
          {ts.stray(stray.prefix, stray.type)}{' '}
          {strayType && props.offeredTypes?.includes(strayType) && props.onSendAs && (
            <button type="button" onClick={() => props.onSendAs?.(strayType)}>
              {ts.sendAs(strayType)}
            </button>
          )}
        </p>
      )}
      {rule.counts === 'sms' && slips.length > 0 && (
        <p className="hint gsm-check" data-testid="gsm-check">
          {t.ucs2Because(slips.map((c) => `«${shownChar(c.char)}»`).join(' '))}{' '}
          {gsm.fixed !== null && (
            <button
              type="button"
              onClick={() => {
                const comment = analysis.comment
                onChange(
                  comment === null
                    ? (gsm.fixed ?? text)
                    : `${gsm.fixed ?? ''}${COMMENT_MARKER}${comment}`,
                )
              }}
            >
              {t.useGsm(t.parts(gsm.partsNow), t.parts(gsm.partsFixed))}
              {props.perPart !== null &&
                gsm.partsNow > gsm.partsFixed &&
                t.gsmSaves(formatPrice((gsm.partsNow - gsm.partsFixed) * props.perPart, lang))}
            </button>
          )}
        </p>
      )}
      {tooLong && (
        <p className="field-error" role="alert">
          {rule.counts === 'one' ? ts.tooLong(rule.maxLength) : t.tooLong(MAX_TEXT_LENGTH)}
        </p>
      )}
      {props.error}
    </Field>
  )
}

/** A character as the check names it: an invisible one by its code. */
function shownChar(c: string): string {
  return c.trim() === ''
    ? `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`
    : c
}
