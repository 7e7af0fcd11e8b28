/**
 * What a message or a batch would cost before it is sent, in the provider's currency: asked of
 * the provider where it says without sending (SMSC's `cost=1`), else from the prices its
 * reports stated lately for numbers like these (outbox/prices.ts), else unknown — and said so.
 */
import { errorText } from '../providers/error-phrase'
import { carrierOf } from '../numbering/carriers'
import { DESTINATION_DIGITS } from '../outbox/prices'
import type { CoreContext } from '../context'
import type { DestinationCost, PartPrice } from '../../../shared/calls/imports'

/** A provider that takes longer than this to name a price: the recorded prices answer. */
const ASK_MS = 5000
/** Destinations of a batch whose price is asked of the provider (the busiest). */
const ASKED_DESTINATIONS = 12
/** Destinations told apart in a batch; numbers of any further one count as "other". */
const MAX_DESTINATIONS = 300

type Ctx = Pick<CoreContext, 'connection' | 'prices' | 'log'>

/** The price per part of a message to `phone` through the profile, or null: unknown. */
export async function partPrice(
  ctx: Ctx,
  profileId: string,
  phone: string,
  sender: string,
): Promise<PartPrice | null> {
  const asked = await askProvider(ctx, profileId, phone, sender)
  if (asked !== null) return { perPart: asked, sample: 0, scope: 'provider' }
  return ctx.prices.partPriceFor(profileId, phone)
}

async function askProvider(
  ctx: Ctx,
  profileId: string,
  phone: string,
  sender: string,
): Promise<number | null> {
  const connection = ctx.connection(profileId)
  if (!connection?.partPrice) return null
  let timer: ReturnType<typeof setTimeout> | undefined
  try {
    return await Promise.race([
      connection.partPrice(phone, sender),
      new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), ASK_MS)
      }),
    ])
  } catch (err) {
    // Unreachable, refused, malformed: the recorded prices answer instead.
    ctx.log('warn', `price of a message not asked of ${profileId}: ${errorText(err)}`)
    return null
  } finally {
    clearTimeout(timer)
  }
}

/** A batch's recipients and parts by destination (the operator of the number's range). */
export class DestinationTally {
  private readonly groups = new Map<
    string,
    { code: string; name: string | null; phone: string; recipients: number; parts: number }
  >()

  add(phone: string, parts: number): void {
    const carrier = carrierOf(phone)
    let key = carrier ? `${carrier.code}:${carrier.name}` : phone.slice(0, DESTINATION_DIGITS)
    if (!this.groups.has(key) && this.groups.size >= MAX_DESTINATIONS) key = '*'
    let g = this.groups.get(key)
    if (!g) {
      g =
        key === '*'
          ? { code: '', name: null, phone, recipients: 0, parts: 0 }
          : carrier
            ? { code: carrier.code, name: carrier.name, phone, recipients: 0, parts: 0 }
            : { code: key, name: null, phone, recipients: 0, parts: 0 }
      this.groups.set(key, g)
    }
    g.recipients++
    g.parts += parts
  }

  /**
   * Each destination priced, the busiest first: the busiest asked of the provider where it
   * names prices in advance, the rest (and all, where it does not) from recorded prices.
   */
  async priced(ctx: Ctx, profileId: string, sender: string): Promise<DestinationCost[]> {
    const groups = [...this.groups.values()].sort((a, b) => b.parts - a.parts)
    const out: DestinationCost[] = []
    for (const [i, g] of groups.entries()) {
      const price =
        i < ASKED_DESTINATIONS
          ? await partPrice(ctx, profileId, g.phone, sender)
          : await ctx.prices.partPriceFor(profileId, g.phone)
      out.push({
        code: g.code,
        name: g.name,
        recipients: g.recipients,
        parts: g.parts,
        perPart: price?.perPart ?? null,
        amount: price ? price.perPart * g.parts : null,
        scope: price?.scope ?? null,
        sample: price?.sample ?? 0,
      })
    }
    return out
  }
}

/** A batch's cost from its destinations': null when none has a price. */
export function batchCost(destinations: readonly DestinationCost[]) {
  let amount = 0
  let priced = 0
  let unpricedParts = 0
  let sample = 0
  let asked = true
  for (const d of destinations) {
    if (d.amount === null) {
      unpricedParts += d.parts
      continue
    }
    amount += d.amount
    priced += d.parts
    sample = Math.max(sample, d.sample)
    if (d.scope !== 'provider') asked = false
  }
  if (priced === 0) return null
  return {
    perPart: amount / priced,
    amount,
    sample,
    source: asked ? ('provider' as const) : ('recorded' as const),
    unpricedParts,
  }
}
