/**
 * An SMSC profile's message type (Compose, a bulk import), and exactly the fields that type needs: a subject
 * (MMS, e-mail), a voice (call), the bot's name (Telegram), Viber's button and picture.
 */
import { useId, type ReactNode } from 'react'
import {
  CALL_VOICES,
  TYPE_RULES,
  type CallVoice,
  type MessageTypeName,
} from '../../../shared/message-types'
import { Field } from '../Field'
import { messageTypeStrings } from './strings'
import type { TypeDraft } from './draft'
import { useLang } from '../../stores/lang'

interface Props {
  offered: readonly MessageTypeName[]
  draft: TypeDraft
  onChange(next: TypeDraft): void
  invalid: boolean
  describedBy?: string
  error: ReactNode
}

export function TypeFields({ offered, draft, onChange, invalid, describedBy, error }: Props) {
  const s = messageTypeStrings[useLang((st) => st.lang)]
  const ids = useId()
  const fields = TYPE_RULES[draft.type].fields
  const set = (patch: Partial<TypeDraft>) => onChange({ ...draft, ...patch })
  return (
    <div className="row message-type" data-testid="message-type">
      <Field id={`${ids}-type`} label={s.type}>
        <select
          id={`${ids}-type`}
          value={draft.type}
          aria-invalid={invalid ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => set({ type: e.target.value as MessageTypeName })}
        >
          {offered.map((t) => (
            <option key={t} value={t}>
              {s.name(t)}
            </option>
          ))}
        </select>
      </Field>
      {fields.includes('subject') && (
        <Field id={`${ids}-subject`} label={s.subject}>
          <input
            id={`${ids}-subject`}
            value={draft.subject}
            maxLength={200}
            required
            onChange={(e) => set({ subject: e.target.value })}
          />
        </Field>
      )}
      {fields.includes('voice') && (
        <Field id={`${ids}-voice`} label={s.voice}>
          <select
            id={`${ids}-voice`}
            value={draft.voice}
            onChange={(e) => set({ voice: e.target.value as CallVoice })}
          >
            {CALL_VOICES.map((v) => (
              <option key={v} value={v}>
                {s.voices[v]}
              </option>
            ))}
          </select>
        </Field>
      )}
      {fields.includes('bot') && (
        <Field id={`${ids}-bot`} label={s.bot}>
          <input
            id={`${ids}-bot`}
            value={draft.bot}
            maxLength={33}
            spellCheck={false}
            placeholder={s.botPlaceholder}
            required
            onChange={(e) => set({ bot: e.target.value })}
          />
        </Field>
      )}
      {fields.includes('viberButton') && (
        <>
          <Field id={`${ids}-button`} label={s.button}>
            <input
              id={`${ids}-button`}
              value={draft.buttonText}
              maxLength={30}
              onChange={(e) => set({ buttonText: e.target.value })}
            />
          </Field>
          <Field id={`${ids}-button-url`} label={s.buttonUrl}>
            <input
              id={`${ids}-button-url`}
              type="url"
              placeholder="https://"
              value={draft.buttonUrl}
              onChange={(e) => set({ buttonUrl: e.target.value })}
            />
          </Field>
          <Field id={`${ids}-image`} label={s.image}>
            <input
              id={`${ids}-image`}
              type="url"
              placeholder="https://"
              value={draft.imageUrl}
              onChange={(e) => set({ imageUrl: e.target.value })}
            />
          </Field>
        </>
      )}
      {error}
    </div>
  )
}
