/**
 * "Check status" from Delivery reports: ask the provider now about one message and apply what
 * it says, the way the dispatcher's polls do. Only providers with a status query can answer.
 */
import type { CheckStatusResult } from '../../../shared/calls/history'
import type { OutboxMessage } from '../../../shared/contract'
import { ApiError } from '../api/router'
import type { Outbox } from '../outbox/outbox'
import type { ProviderConnection } from '../providers/types'
import type { HistoryStore } from './store'

export interface CheckDeps {
  outbox: Outbox
  store: HistoryStore
  connection: (profileId: string) => ProviderConnection | null
  profileName: (profileId: string) => string
  emitMessages: (messages: OutboxMessage[]) => void
}

export async function checkStatus(deps: CheckDeps, id: number): Promise<CheckStatusResult> {
  const message = deps.outbox.get(id)
  const query = deps.store.statusQuery(id)
  if (!message || !query) throw new ApiError('NOT_FOUND', `Message ${id} does not exist`)
  if (message.state !== 'uncertain' && message.state !== 'accepted') {
    throw new ApiError('CONFLICT', `Message ${id} is ${message.state}: there is no status to check`)
  }
  const name = deps.profileName(message.profileId)
  const conn = deps.connection(message.profileId)
  if (!conn) throw new ApiError('UNAVAILABLE', `${name} is not running, so it cannot be asked`)
  if (conn.capabilities.receipts === 'push' || !conn.pollStatus) {
    throw new ApiError(
      'UNAVAILABLE',
      `${name} has no status query: an SMPP SMSC reports delivery only by a receipt it sends on its own. Wait for one, or resend the message or mark it failed.`,
    )
  }
  if (query.providerIds.length === 0 && !conn.capabilities.idempotencyKey) {
    throw new ApiError(
      'UNAVAILABLE',
      `${name} never gave an id for this message and does not know it by ours, so there is nothing to ask it about. Resend the message or mark it failed.`,
    )
  }
  let receipts
  try {
    receipts = await conn.pollStatus([query])
  } catch (err) {
    throw new ApiError(
      'UNAVAILABLE',
      `${name} could not be asked: ${err instanceof Error ? err.message : String(err)}`,
    )
  }
  const known = receipts.filter((r) => r.outcome !== 'unknown')
  const changed: OutboxMessage[] = []
  if (message.state === 'uncertain' && query.providerIds.length === 0 && known.length > 0) {
    // The provider has it: it was sent after all, and its receipts may now settle it.
    const confirmed = deps.outbox.confirmUncertain(
      id,
      known.map((r) => r.providerId),
    )
    if (confirmed) changed.push(confirmed)
  }
  changed.push(...deps.outbox.applyReceipts(message.profileId, receipts))
  const after = deps.outbox.get(id) ?? message
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
