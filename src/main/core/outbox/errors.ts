/**
 * The outbox's refusals, as the storage worker throws them and main receives them (workers.ts
 * revives them by name). Kept apart from the outbox so a worker's bundle stays small.
 */
import type { PhraseRef } from '../../../shared/domain'
import { englishOf } from '../../../shared/phrases'

export class OutboxError extends Error {
  /** The message as a phrase, for the renderer to word in the operator's language. */
  readonly phrase: PhraseRef

  constructor(
    readonly code: 'NOT_FOUND' | 'CONFLICT',
    said: PhraseRef,
  ) {
    super(englishOf(said))
    this.name = 'OutboxError'
    this.phrase = said
  }
}
