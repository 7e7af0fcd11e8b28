/** A message type as a form holds it (Compose, a bulk import) and as main wants it. */
import type { MessageType } from '../../../shared/contract'
import { TYPE_RULES, type CallVoice, type MessageTypeName } from '../../../shared/message-types'

/** What the agent filled in, kept across type changes (switching back finds it again). */
export interface TypeDraft {
  type: MessageTypeName
  subject: string
  voice: CallVoice
  bot: string
  buttonText: string
  buttonUrl: string
  imageUrl: string
}

export const EMPTY_TYPE_DRAFT: TypeDraft = {
  type: 'sms',
  subject: '',
  voice: 'w',
  bot: '',
  buttonText: '',
  buttonUrl: '',
  imageUrl: '',
}

/** The draft's type as main wants it: only the type's own fields, half-filled ones as they are. */
export function messageTypeOf(d: TypeDraft): MessageType | undefined {
  if (d.type === 'sms') return undefined
  const fields = TYPE_RULES[d.type].fields
  const out: MessageType = { type: d.type }
  if (fields.includes('subject') && d.subject.trim()) out.subject = d.subject.trim()
  if (fields.includes('voice')) out.voice = d.voice
  if (fields.includes('bot') && d.bot.trim()) out.bot = d.bot.trim()
  if (fields.includes('viberButton') && (d.buttonText.trim() || d.buttonUrl.trim()))
    out.viberButton = { text: d.buttonText.trim(), url: d.buttonUrl.trim() }
  if (fields.includes('viberImageUrl') && d.imageUrl.trim()) out.viberImageUrl = d.imageUrl.trim()
  return out
}

/** True when every field the type requires is filled in. */
export function typeComplete(d: TypeDraft): boolean {
  return TYPE_RULES[d.type].required.every((f) =>
    f === 'subject' ? d.subject.trim() !== '' : f === 'bot' ? d.bot.trim() !== '' : true,
  )
}
