import type { messagesCalls } from '../../../shared/calls/messages'
import { normalisePhone } from '../../../shared/phone'
import type { CoreContext, HandlersFor } from '../context'
import { OutboxError } from '../outbox/outbox'
import { ApiError, refusal, refuse } from './router'

export function createMessagesHandlers(ctx: CoreContext): HandlersFor<typeof messagesCalls> {
  const outboxCall = <T>(fn: () => T): T => {
    try {
      return fn()
    } catch (err) {
      if (err instanceof OutboxError) throw refusal(err.code, err)
      throw err
    }
  }

  return {
    'messages.send': ({ profileId, sender, phone, text, idempotencyKey, cascade }) => {
      const profile = ctx.requireProfile(profileId)
      const checked = normalisePhone(phone)
      if (!checked.ok) throw new ApiError('BAD_REQUEST', checked.reason, checked.phrase)
      if (cascade) {
        const offered = ctx.profileView(profile).capabilities.channels
        const missing = cascade.order.filter((c) => !offered.includes(c))
        if (missing.length) {
          throw refuse('BAD_REQUEST', 'message.channelsUnsupported', {
            name: profile.name,
            channels: missing.join(', '),
          })
        }
      }
      const problem = ctx.connection(profileId)?.check?.({
        messageId: 0,
        idempotencyKey: idempotencyKey ?? 'draft',
        numericKey: 1,
        sender,
        phone: checked.phone,
        text,
        wantReceipt: true,
        cascade: cascade ?? null,
      })
      if (problem) throw new ApiError('BAD_REQUEST', problem.reason, problem.phrase)
      const message = outboxCall(() =>
        ctx.outbox.enqueue({
          profileId,
          sender,
          phone: checked.phone,
          text,
          idempotencyKey,
          options: cascade ? { cascade } : null,
        }),
      )
      ctx.emit('message.updated', message)
      ctx.runtimes.queued(profileId)
      return message
    },
    'messages.recent': ({ limit }) => ctx.outbox.recent(limit ?? 100),
    'messages.cancel': ({ id }) => {
      const m = outboxCall(() => ctx.outbox.cancel(id))
      ctx.emit('message.updated', m)
      return m
    },
    'messages.resolveUncertain': ({ id, action }) => {
      const m = outboxCall(() => ctx.outbox.resolveUncertain(id, action))
      ctx.emit('message.updated', m)
      ctx.wake(m.profileId)
      return m
    },
  }
}
