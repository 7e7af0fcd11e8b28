/**
 * "Send the failed again…" for a batch, wherever the batch is shown (its panel in Bulk import,
 * its report): counts what would go (each failed or expired message once, never to a number on
 * the stop-list since), asks with that count, and hands the new batch to the screen.
 */
import { useState } from 'react'
import type { BatchView } from '../../shared/calls/imports'
import { call, newRequestKey } from '../api/client'
import { formatNumber } from '../format'
import type { Lang } from '../i18n'
import { plural } from '../plural'
import { useLang } from '../stores/lang'
import { useAction } from './use-action'

const strings = {
  en: {
    button: 'Send the failed again…',
    confirm: (n: number, name: string) =>
      `Send the ${formatNumber(n, 'en')} failed and expired ${plural('en', n, { one: 'message', other: 'messages' })} of “${name}” again, as a new batch?`,
    nothing: 'Every failed message of this batch has been sent again already.',
  },
  ru: {
    button: 'Отправить недоставленные заново…',
    confirm: (n: number, name: string) =>
      `Отправить заново ${formatNumber(n, 'ru')} ${plural('ru', n, {
        one: 'недоставленное или просроченное сообщение',
        few: 'недоставленных или просроченных сообщения',
        many: 'недоставленных или просроченных сообщений',
        other: 'недоставленных или просроченных сообщения',
      })} рассылки «${name}» новой рассылкой?`,
    nothing: 'Все недоставленные сообщения этой рассылки уже отправлены заново.',
  },
} satisfies Record<Lang, object>

export const resendFailedStrings = strings

export function ResendFailedButton(props: {
  batchId: number
  /** The batch's name as the screen shows it. */
  name: string
  onSent(batch: BatchView): void
}) {
  const lang = useLang((s) => s.lang)
  const s = strings[lang]
  const { busy, error, run } = useAction()
  const [nothing, setNothing] = useState(false)

  const resend = () =>
    run(async () => {
      setNothing(false)
      const { count } = await call('batch.resendable', { batchId: props.batchId })
      if (count === 0) return setNothing(true)
      if (!window.confirm(s.confirm(count, props.name))) return
      props.onSent(
        await call('batch.resendFailed', {
          batchId: props.batchId,
          idempotencyKey: newRequestKey(),
        }),
      )
    })

  return (
    <>
      <button type="button" disabled={busy} onClick={() => void resend()}>
        {s.button}
      </button>
      {(error || nothing) && (
        <span className={error ? 'error' : 'hint'} role={error ? 'alert' : 'status'}>
          {error ?? s.nothing}
        </span>
      )}
    </>
  )
}
