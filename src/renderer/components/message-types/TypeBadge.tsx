/** A message's SMSC type beside its text, on every list; nothing for an SMS. */
import type { MessageTypeName } from '../../../shared/message-types'
import { useLang } from '../../stores/lang'
import { messageTypeStrings } from './strings'

export function TypeBadge({ type }: { type: MessageTypeName | undefined }) {
  const s = messageTypeStrings[useLang((st) => st.lang)]
  if (!type || type === 'sms') return null
  return (
    <span className="badge badge-type" data-type={type}>
      {s.name(type)}
    </span>
  )
}
