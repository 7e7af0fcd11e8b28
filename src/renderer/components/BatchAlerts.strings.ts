/** Strings of the desktop notifications about batches, English and Russian with the same keys. */
import type { BatchView } from '../../shared/calls/imports'

const en = {
  importFailed: (b: BatchView) => `Import of “${b.name}” failed`,
  failed: (b: BatchView) => `Batch #${b.id} “${b.name}”: ${b.counters.failed} failed`,
  body: (b: BatchView) =>
    b.error ?? `${b.counters.delivered} delivered, ${b.counters.failed} failed of ${b.total}`,
}

const ru: typeof en = {
  importFailed: (b: BatchView) => `Импорт «${b.name}» не удался`,
  failed: (b: BatchView) => `Рассылка №${b.id} «${b.name}»: не доставлено ${b.counters.failed}`,
  body: (b: BatchView) =>
    b.error ??
    `доставлено ${b.counters.delivered}, не доставлено ${b.counters.failed} из ${b.total}`,
}

export const batchAlertStrings = { en, ru }
