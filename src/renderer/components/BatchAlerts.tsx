/**
 * Desktop notifications for batches that went wrong: an import that failed, or a batch whose
 * every message is settled with some failed. One notification per batch, never per message.
 */
import { useEffect } from 'react'
import type { BatchView } from '../../shared/calls/imports'
import { call, onEvent } from '../api/client'
import { useLang } from '../i18n'
import { batchAlert } from './batch-alert'
import { batchAlertStrings } from './BatchAlerts.strings'

export function BatchAlerts() {
  const lang = useLang((s) => s.lang)

  useEffect(() => {
    const told = new Set<number>()
    const pending = new Map<number, ReturnType<typeof setTimeout>>()
    const s = batchAlertStrings[lang]

    const consider = (b: BatchView) => {
      const alert = batchAlert(b)
      if (!alert || told.has(b.id)) return
      told.add(b.id)
      notify(alert === 'failed' ? s.failed(b) : s.importFailed(b), s.body(b))
    }
    // Receipts arrive in bursts: look at a batch once things calm down, not per message.
    const look = (batchId: number) => {
      if (told.has(batchId) || pending.has(batchId)) return
      pending.set(
        batchId,
        setTimeout(() => {
          pending.delete(batchId)
          call('batch.get', { batchId }).then(consider, () => {})
        }, 1500),
      )
    }
    const offBatch = onEvent('batch.updated', consider)
    const offMessage = onEvent('message.updated', (m) => {
      if (m.batchId !== null && (m.state === 'failed' || m.state === 'expired')) look(m.batchId)
    })
    return () => {
      offBatch()
      offMessage()
      for (const t of pending.values()) clearTimeout(t)
    }
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
