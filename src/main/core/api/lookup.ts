import type { lookupCalls } from '../../../shared/calls/lookup'
import { HLR_TEXT } from '../../../shared/constants'
import type { OutboxMessage } from '../../../shared/contract'
import type { PhraseRef } from '../../../shared/domain'
import { PhoneReader } from '../../../shared/phone'
import { phoneCountry } from '../profiles/country'
import { englishOf, phrase } from '../../../shared/phrases'
import type { CoreContext, HandlersFor } from '../context'
import { OutboxError } from '../outbox/errors'
import type { ProviderConnection } from '../providers/types'
import { providerRefusal } from '../providers/error-phrase'
import { refusal, refuse } from './router'

export function createLookupHandlers(ctx: CoreContext): HandlersFor<typeof lookupCalls> {
  const lookup = ctx.lookup

  /** The live connection of a profile that rents numbers, or a refusal naming what is missing. */
  const numbersConnection = async (profileId: string): Promise<ProviderConnection> => {
    const profile = await ctx.requireProfile(profileId)
    const connection = ctx.connection(profileId)
    if (!connection?.capabilities.dedicatedNumbers) {
      throw refuse('UNAVAILABLE', 'profile.noNumbers', { name: profile.name })
    }
    return connection
  }

  /** Provider errors (documented codes, the repeat limit) reach the agent as they are worded. */
  const providerCall = async <T>(
    fn: () => Promise<T> | undefined,
    missing: 'numbers.cannotRent' | 'numbers.cannotRenew',
  ): Promise<T> => {
    const pending = fn()
    if (!pending) throw refuse('UNAVAILABLE', missing)
    try {
      return await pending
    } catch (err) {
      throw providerRefusal(err)
    }
  }

  return {
    'hlr.lookup': async ({ profileId, phones, requestKey }) => {
      const profile = await ctx.requireProfile(profileId)
      if (!ctx.profileView(profile).capabilities.hlr) {
        throw refuse('UNAVAILABLE', 'hlr.unsupported', { name: profile.name })
      }
      const rejected: { input: string; reason: string; phrase: PhraseRef }[] = []
      const wanted: string[] = []
      const reject = (input: string, said: PhraseRef) =>
        rejected.push({ input, reason: englishOf(said), phrase: said })
      const numbers = new PhoneReader(phoneCountry(profile))
      for (const input of phones) {
        if (input.trim() === '') continue
        const checked = numbers.read(input)
        if (!checked.ok) reject(input, checked.phrase)
        else if (wanted.includes(checked.phone))
          reject(input, phrase('hlr.repeated', { phone: checked.phone }))
        else wanted.push(checked.phone)
      }
      if (wanted.length === 0 && rejected.length === 0) {
        throw refuse('BAD_REQUEST', 'hlr.noPhones').at('phones')
      }
      const sender = profile.senders[0] ?? 'HLR'
      let queued: OutboxMessage[]
      try {
        // The whole list is queued, or none of it.
        queued = await ctx.outbox.enqueueAll(
          wanted.map((phone) => ({
            profileId,
            sender,
            phone,
            text: HLR_TEXT,
            priority: 0,
            idempotencyKey: requestKey ? `hlr:${requestKey}:${phone}` : undefined,
          })),
        )
      } catch (err) {
        if (err instanceof OutboxError) throw refusal(err.code, err)
        throw err
      }
      if (queued.length) {
        ctx.emitMessages(queued)
        ctx.wake(profileId)
      }
      return {
        queued: queued.map((m) => ({ phone: m.phone, messageId: m.id })),
        rejected,
      }
    },
    'hlr.results': (filter) => lookup.hlrPage(filter),
    'hlr.get': ({ messageIds }) => lookup.hlrGet(messageIds),

    'numbers.free': async ({ profileId }) => {
      const connection = await numbersConnection(profileId)
      return providerCall(() => connection.listFreeNumbers?.(), 'numbers.cannotRent')
    },
    'numbers.mine': async ({ profileId }) => {
      await ctx.requireProfile(profileId)
      return lookup.numbers(profileId)
    },
    'numbers.rent': async ({ profileId, phone, listing }) => {
      const connection = await numbersConnection(profileId)
      const digits = phone.replace(/\D/g, '')
      const rented = await providerCall(() => connection.rentNumber?.(digits), 'numbers.cannotRent')
      const known = listing && listing.phone.replace(/\D/g, '') === digits ? listing : null
      ctx.log('info', `${profileId}: rented ${rented.phone} for ${rented.cost}`)
      return lookup.rentedNumber(profileId, rented.phone, rented.cost, known)
    },
    'numbers.renewal': async ({ profileId, phone, renew }) => {
      const connection = await numbersConnection(profileId)
      const digits = phone.replace(/\D/g, '')
      if (!(await lookup.number(profileId, digits))) {
        throw refuse('NOT_FOUND', 'numbers.notRented', { phone: digits })
      }
      await providerCall(() => connection.setRenewal?.(digits, renew), 'numbers.cannotRenew')
      const updated = await lookup.setRenew(profileId, digits, renew)
      if (!updated) throw refuse('NOT_FOUND', 'numbers.gone', { phone: digits })
      return updated
    },
  }
}
