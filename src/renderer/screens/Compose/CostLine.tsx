/**
 * What the message would cost, before it is sent: its parts times the price the provider names
 * for this number without sending (where it can), else the one it stated lately for numbers like
 * this one (else for any), or plainly that it cannot be known.
 */
import { useEffect, useState } from 'react'
import { call } from '../../api/client'
import type { MessageType } from '../../../shared/contract'
import { formatPrice } from '../../format'
import { useT } from '../../i18n'
import { useCurrency } from '../../stores/balance'
import { useLang } from '../../stores/lang'

export type Estimate = Awaited<ReturnType<typeof estimate>>

const estimate = (
  profileId: string,
  phone: string,
  text: string,
  sender: string,
  messageType: MessageType | undefined,
) =>
  call('messages.estimate', {
    profileId,
    phone,
    text,
    ...(sender ? { sender } : {}),
    ...(messageType ? { messageType } : {}),
  })

/** Asked once the agent pauses typing. */
const PAUSE_MS = 300

/** The estimate for what is typed, asked once the agent pauses; null until known. */
export function useEstimate(
  profileId: string,
  phone: string,
  text: string,
  sender: string,
  messageType?: MessageType,
): Estimate | null {
  const [shown, setShown] = useState<{ key: string; value: Estimate | null } | null>(null)
  const ready = profileId !== '' && phone.trim() !== '' && text !== ''
  const key = JSON.stringify([profileId, phone, text, sender, messageType ?? null])

  useEffect(() => {
    if (!ready) return
    let live = true
    const timer = setTimeout(() => {
      // A number main refuses says so when it is sent: here, nothing to estimate.
      estimate(profileId, phone, text, sender, messageType).then(
        (value) => live && setShown({ key, value }),
        () => live && setShown({ key, value: null }),
      )
    }, PAUSE_MS)
    return () => {
      live = false
      clearTimeout(timer)
    }
    // `key` holds the type: its object is new at every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready, key, profileId, phone, text, sender])

  return ready && shown?.key === key ? shown.value : null
}

export function CostLine({ current, profileId }: { current: Estimate | null; profileId: string }) {
  const t = useT()
  const lang = useLang((s) => s.lang)
  // In the account's currency, once its balance has said which.
  const currency = useCurrency(profileId)
  const money = (n: number) => `${formatPrice(n, lang)}${currency ? ` ${currency}` : ''}`
  if (!current) return null
  const price = current.price
  return (
    <p className="hint cost-line" data-testid="compose-cost">
      {price?.scope === 'provider'
        ? t.costQuoted(money(price.amount), t.parts(current.parts), money(price.perPart))
        : price
          ? t.costAbout(
              money(price.amount),
              t.parts(current.parts),
              money(price.perPart),
              price.scope === 'destination' ? current.phone.slice(0, 5) : null,
              price.sample,
            )
          : t.costUnknown}
    </p>
  )
}
