/**
 * A message's SMSC type checked where the core takes messages: a one-off (messages.send) and a
 * bulk import's rows. The rules are shared/message-types.ts's, which Compose also shows.
 */
import type { MessageType } from '../../../shared/contract'
import {
  accidentalType,
  normaliseTyped,
  typeProblem,
  type MessageTypeName,
} from '../../../shared/message-types'
import { englishOf } from '../../../shared/phrases'
import type { Objection } from '../providers/types'
import { refuseField } from './router'

/**
 * A draft's SMSC type as its profile takes it (shared/message-types.ts): refused at the field
 * that is wrong, else only the type's own fields kept.
 */
export function checkedType(
  text: string,
  messageType: MessageType | undefined,
  offered: readonly MessageTypeName[],
): { text: string; messageType: MessageType | undefined } {
  const problem = typeProblem(text, messageType, offered)
  if (problem) {
    const said = { id: problem.id, params: problem.params }
    throw refuseField(problem.field, { reason: englishOf(said), phrase: said })
  }
  return normaliseTyped(text, messageType) as { text: string; messageType: MessageType | undefined }
}

/**
 * A bulk row's text that SMSC would read as another type (`__VIBER__: …`, `__HLR__`) on a
 * profile that sends types: refused as the row's own problem, never sent as something else.
 */
export function strayType(text: string, offered: readonly MessageTypeName[]): Objection | null {
  const stray = offered.length > 1 ? accidentalType(text) : null
  if (!stray) return null
  const said = { id: 'message.accidentalType', params: stray }
  return { field: 'text', reason: englishOf(said), phrase: said }
}
