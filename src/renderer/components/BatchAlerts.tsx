/**
 * Desktop notifications for batches that went wrong: an import that failed, or a batch whose
 * every message is settled with some failed. One notification per batch, never per message.
 * Main pushes a batch's counters (batch.updated) while its messages change, the last push after
 * the last change: those pushes alone say when a batch has settled.
 */
import { useEffect } from 'react'
import { onEvent } from '../api/client'
import { useLang } from '../stores/lang'
import { batchAlert } from './batch-alert'
import { batchAlertStrings } from './BatchAlerts.strings'

export function BatchAlerts() {
  const lang = useLang((s) => s.lang)

  useEffect(() => {
    const told = new Set<number>()
    const s = batchAlertStrings[lang]
    return onEvent('batch.updated', (b) => {
      const alert = batchAlert(b)
      if (!alert || told.has(b.id)) return
      told.add(b.id)
      notify(alert === 'failed' ? s.failed(b) : s.importFailed(b), s.body(b))
    })
  }, [lang])

  return null
}

function notify(title: string, body: string): void {
  if (typeof Notification === 'undefined') return
  if (Notification.permission === 'granted') {
    new Notification(title, { body })
  } else if (Notification.permission === 'default') {
    void Notification.requestPermission().then((p) => {
      if (p === 'granted') new Notification(title, { body })
    })
  }
}
