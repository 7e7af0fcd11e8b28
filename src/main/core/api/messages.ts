import type { messagesCalls } from '../../../shared/calls/messages'
import { normalisePhone } from '../../../shared/phone'
import { countMessage } from '../../../shared/message-types'
import { checkedType } from './message-types'
import { messageTypesOf } from '../providers/registry'
import { partPrice } from '../pricing/estimate'
import { phoneCountry } from '../profiles/country'
import type { CoreContext, HandlersFor } from '../context'
import { OutboxError } from '../outbox/errors'
import { readableReceipts } from '../history/receipts'
import { refusal, refuse, refuseField } from './router'
import { ZoneReader } from '../numbering/zones'
import { clockOf, inWindow, localMinute } from '../../../shared/quiet'

export function createMessagesHandlers(ctx: CoreContext): HandlersFor<typeof messagesCalls> {
  const zones = new ZoneReader()
  const outboxCall = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn()
    } catch (err) {
      if (err instanceof OutboxError) throw refusal(err.code, err)
      throw err
    }
  }

  return {
    'messages.send': async ({
      profileId,
      idempotencyKey,
      scheduledAt,
      outsideQuietHours,
      ...draft
    }) => {
      if (scheduledAt !== undefined) checkScheduleTime(scheduledAt)
      const profile = await ctx.requireProfile(profileId)
      const checked = normalisePhone(draft.phone, phoneCountry(profile))
      if (!checked.ok) throw refuseField('phone', checked)
      // Quiet hours: a one-off outside the recipient's window goes only once the agent says so.
      const quiet = profile.quietHours
      if (quiet && !outsideQuietHours) {
        const at = scheduledAt ?? Date.now()
        const tz = zones.offsets(checked.phone, at)
        if (tz && !inWindow(at, tz, quiet)) {
          throw refuse('CONFLICT', 'quiet.outside', {
            local: clockOf(localMinute(at, tz.max)),
            from: clockOf(quiet.from),
            to: clockOf(quiet.to),
          })
        }
      }
      const typed = checkedType(draft.text, draft.messageType, messageTypesOf(profile))
      const message = { ...draft, ...typed, phone: checked.phone }
      if (message.cascade) {
        const offered = ctx.profileView(profile).capabilities.channels
        const missing = message.cascade.order.filter((c) => !offered.includes(c))
        if (missing.length) {
          throw refuse('BAD_REQUEST', 'message.channelsUnsupported', {
            name: profile.name,
            channels: missing.join(', '),
          }).at('cascade.order')
        }
      }
      const problem = ctx.connection(profileId)?.check?.(message)
      if (problem) throw refuseField(problem.field, problem)
      const queued = await outboxCall(() =>
        ctx.outbox.enqueue({ ...message, profileId, idempotencyKey, scheduledAt }),
      )
      ctx.emit('message.updated', queued)
      ctx.runtimes.queued(profileId)
      return queued
    },
    'messages.estimate': async ({ profileId, phone, text, sender, messageType }) => {
      const profile = await ctx.requireProfile(profileId)
      const checked = normalisePhone(phone, phoneCountry(profile))
      if (!checked.ok) throw refuseField('phone', checked)
      const { parts } = countMessage(text, messageType?.type)
      // Prices known are an SMS part's: another type's price is learnt from its report.
      const typed = messageType !== undefined && messageType.type !== 'sms'
      const price = typed ? null : await partPrice(ctx, profileId, checked.phone, sender ?? '')
      return {
        parts,
        phone: checked.phone,
        price: price ? { ...price, amount: price.perPart * parts } : null,
      }
    },
    'messages.recent': ({ limit }) => ctx.outbox.recent(limit ?? 100),
    'messages.detail': async ({ id }) => {
      const d = await ctx.history.detail(id)
      if (!d) throw refuse('NOT_FOUND', 'message.notFound', { id })
      return { ...d, receipts: readableReceipts(d.receipts) }
    },
    'messages.resend': async ({ id, idempotencyKey }) => {
      const source = await ctx.outbox.get(id)
      // A profile removed since cannot send it: say so before anything is stored.
      if (source) await ctx.requireProfile(source.profileId)
      const m = await outboxCall(() => ctx.outbox.resend(id, idempotencyKey))
      ctx.emit('message.updated', m)
      ctx.runtimes.queued(m.profileId)
      return m
    },
    'messages.cancel': async ({ id }) => {
      const m = await outboxCall(() => ctx.outbox.cancel(id))
      ctx.emit('message.updated', m)
      return m
    },
    'messages.reschedule': async ({ id, scheduledAt }) => {
      checkScheduleTime(scheduledAt)
      const m = await outboxCall(() => ctx.outbox.reschedule(id, scheduledAt))
      ctx.emit('message.updated', m)
      // Sooner than the dispatcher expected, or now: it looks again.
      ctx.runtimes.queued(m.profileId)
      return m
    },
    'messages.scheduled': ({ limit }) => ctx.outbox.scheduled(limit ?? 100),
    'messages.resolveUncertain': async ({ id, action }) => {
      const m = await outboxCall(() => ctx.outbox.resolveUncertain(id, action))
      ctx.emit('message.updated', m)
      ctx.wake(m.profileId)
      return m
    },
  }
}

/** How far ahead a message may be scheduled: a typo in the year should not hide it for years. */
const MAX_SCHEDULE_DAYS = 365

function checkScheduleTime(at: number): void {
  if (at > Date.now() + MAX_SCHEDULE_DAYS * 86_400_000) {
    throw refuse('BAD_REQUEST', 'message.scheduleTooFar', { days: MAX_SCHEDULE_DAYS }).at(
      'scheduledAt',
    )
  }
}
