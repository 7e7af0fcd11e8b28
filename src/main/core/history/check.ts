/**
 * "Check status" from Delivery reports: ask the provider now about one message and apply what
 * it says, the way the dispatcher's polls do. Only providers with a status query can answer.
 */
import type { CheckStatusResult } from '../../../shared/calls/history'
import type { OutboxMessage } from '../../../shared/contract'
import { english, phrase, withCause } from '../../../shared/phrases'
import { ApiError, refuse } from '../api/router'
import { errorText, phraseOfError } from '../providers/error-phrase'
import type { ProviderConnection } from '../providers/types'
import type { OutboxStore } from '../stores/stores'

export interface CheckDeps {
  outbox: OutboxStore
  connection: (profileId: string) => ProviderConnection | null
  profileName: (profileId: string) => Promise<string>
  emitMessages: (messages: OutboxMessage[]) => void
}

export async function checkStatus(deps: CheckDeps, id: number): Promise<CheckStatusResult> {
  const [message, query] = await Promise.all([deps.outbox.get(id), deps.outbox.statusQuery(id)])
  if (!message || !query) throw refuse('NOT_FOUND', 'message.notFound', { id })
  if (message.state !== 'uncertain' && message.state !== 'accepted') {
    throw refuse('CONFLICT', 'check.noStatus', { id, state: message.state })
  }
  const name = await deps.profileName(message.profileId)
  const conn = deps.connection(message.profileId)
  if (!conn) throw refuse('UNAVAILABLE', 'check.notRunning', { name })
  if (!conn.pollStatus) {
    throw refuse('UNAVAILABLE', 'check.noQuery', { name })
  }
  if (query.providerIds.length === 0 && !conn.capabilities.idempotencyKey) {
    throw refuse('UNAVAILABLE', 'check.noId', { name })
  }
  let receipts
  try {
    receipts = await conn.pollStatus([query])
  } catch (err) {
    // The provider's failure has a phrase of its own: the renderer words both.
    const said = { name, cause: errorText(err) }
    throw new ApiError(
      'UNAVAILABLE',
      english('check.failed', said),
      withCause(phrase('check.failed', said), phraseOfError(err)),
    )
  }
  const changed = await deps.outbox.applyStatus(message.profileId, query, receipts)
  const after = (await deps.outbox.get(id)) ?? message
  if (changed.length > 0) deps.emitMessages([after])
  const said = receipts
    .map((r) => r.reason ?? `${r.stat}${r.err ? ` (error ${r.err})` : ''}`)
    .filter((s) => s !== '')
  return {
    message: after,
    outcome:
      after.state !== message.state || after.updatedAt !== message.updatedAt
        ? 'updated'
        : 'unchanged',
    detail: said.length > 0 ? said.join('; ') : `${name} has no status for this message`,
  }
}
