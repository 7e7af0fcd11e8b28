import type { reconcileCalls, ReconcileJob } from '../../../shared/calls/reconcile'
import { english, phrase } from '../../../shared/phrases'
import { MAX_RECONCILE_DAYS, RECONCILE_OPEN } from '../../../shared/reconcile'
import type { CoreContext, HandlersFor } from '../context'
import { providerRefusal } from '../providers/error-phrase'
import type { DeliveryReceipt, ProviderConnection } from '../providers/types'
import { ReconcileCheckError, ReconcileService, type ReconcileTuning } from '../reconcile/service'
import { refuse } from './router'

const DAY_MS = 86_400_000

/**
 * The reconciliation area: its handlers, and the service following its jobs (started with the
 * core, closed with it).
 */
export function createReconcile(
  ctx: CoreContext,
  tuning?: ReconcileTuning,
): {
  handlers: HandlersFor<typeof reconcileCalls>
  start(): Promise<void>
  close(): void
} {
  const store = ctx.reconcile
  const profileName = async (id: string) => (await ctx.profiles.get(id))?.name ?? id
  const changed = (job: ReconcileJob) => ctx.emit('reconcile.job', job)
  const service = new ReconcileService({
    store,
    connection: ctx.connection,
    profileName,
    changed,
    log: ctx.log,
    tuning,
    shared: ctx.leases !== undefined,
  })

  /** The live connection of a profile whose provider exports its record, or a refusal. */
  const exporting = async (profileId: string): Promise<ProviderConnection> => {
    const profile = await ctx.requireProfile(profileId)
    if (!ctx.profileView(profile).capabilities.exportJobs) {
      throw refuse('UNAVAILABLE', 'reconcile.unsupported', { name: profile.name })
    }
    const connection = ctx.connection(profileId)
    if (!connection?.createExportJob || !connection.exportDayStart) {
      throw refuse('UNAVAILABLE', 'reconcile.notRunning', { name: profile.name })
    }
    return connection
  }

  const requireJob = async (id: number): Promise<ReconcileJob> => {
    const job = await store.get(id)
    if (!job) throw refuse('NOT_FOUND', 'reconcile.notFound', { id })
    return job
  }

  const handlers: HandlersFor<typeof reconcileCalls> = {
    'reconcile.start': async ({ profileId, from, to, requestKey }) => {
      if (requestKey) {
        const known = await store.byRequestKey(requestKey)
        if (known) return known
      }
      if (to < from) throw refuse('BAD_REQUEST', 'reconcile.badPeriod', { from, to }).at('to')
      const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1
      if (days > MAX_RECONCILE_DAYS) {
        throw refuse('BAD_REQUEST', 'reconcile.periodTooLong', { days: MAX_RECONCILE_DAYS }).at(
          'from',
        )
      }
      const connection = await exporting(profileId)
      const dayStart = (connection.exportDayStart as (day: string) => number).bind(connection)
      const periodFrom = dayStart(from)
      if (periodFrom > Date.now()) {
        throw refuse('BAD_REQUEST', 'reconcile.futurePeriod', { from }).at('from')
      }
      const name = `SMS ${from}..${to}`
      let made: { id: string }
      try {
        made = await (
          connection.createExportJob as NonNullable<ProviderConnection['createExportJob']>
        ).call(connection, { from, to, name })
      } catch (err) {
        // Refused as too frequent, or the provider's own refusal: said as it is; nothing stored.
        throw providerRefusal(err)
      }
      const job = await store.create({
        profileId,
        name,
        from,
        to,
        periodFrom,
        periodTo: dayStart(to) + DAY_MS,
        providerJobId: made.id,
        providerStatus: 0,
        state: 'waiting',
        nextCheckAt: Date.now() + service.firstCheckMs,
        requestKey: requestKey ?? null,
      })
      ctx.log('info', `reconcile ${job.id}: ${profileId} export job ${made.id} for ${from}..${to}`)
      changed(job)
      service.follow(job)
      return job
    },
    'reconcile.jobs': ({ profileId, limit }) => store.list(profileId ?? null, limit ?? 50),
    'reconcile.job': ({ id }) => requireJob(id),
    'reconcile.check': async ({ id }) => {
      const job = await requireJob(id)
      if (!RECONCILE_OPEN.includes(job.state)) {
        throw refuse('CONFLICT', 'reconcile.closed', { id })
      }
      try {
        return (await service.check(id)) ?? job
      } catch (err) {
        if (err instanceof ReconcileCheckError) throw providerRefusal(err.reason)
        throw err
      }
    },
    'reconcile.differences': async ({ id, kind, offset, limit }) => {
      await requireJob(id)
      return store.differences(id, kind ?? null, offset ?? 0, limit ?? 100)
    },
    'reconcile.adopt': async ({ id, differenceIds }) => {
      const job = await requireJob(id)
      const found = await store.adoptable(id, differenceIds ?? null)
      const skipped: {
        differenceId: number
        messageId: number | null
        reason: string
        phrase?: ReturnType<typeof phrase>
      }[] = []
      const known = new Set(found.map((d) => d.id))
      for (const differenceId of differenceIds ?? []) {
        if (known.has(differenceId)) continue
        const said = phrase('reconcile.notAdoptable', { id: differenceId })
        skipped.push({
          differenceId,
          messageId: null,
          reason: english('reconcile.notAdoptable', { id: differenceId }),
          phrase: said,
        })
      }
      const adopted: number[] = []
      for (const d of found) {
        const messageId = d.messageId
        const [message, query] =
          messageId === null
            ? [null, null]
            : await Promise.all([ctx.outbox.get(messageId), ctx.outbox.statusQuery(messageId)])
        if (!message || !query || messageId === null || d.theirOutcome === null) {
          skipped.push({
            differenceId: d.id,
            messageId,
            reason: english('reconcile.notAdoptable', { id: d.id }),
            phrase: phrase('reconcile.notAdoptable', { id: d.id }),
          })
          continue
        }
        // Never for a message that is not uncertain: its own story decides it then.
        if (message.state !== 'uncertain') {
          const params = { id: message.id, state: message.state }
          skipped.push({
            differenceId: d.id,
            messageId,
            reason: english('reconcile.notUncertain', params),
            phrase: phrase('reconcile.notUncertain', params),
          })
          continue
        }
        const receipt: DeliveryReceipt = {
          // Under the id the message is known by, so that the receipt finds it once confirmed.
          providerId: query.providerIds[0] ?? d.providerId ?? String(query.numericKey),
          outcome: d.theirOutcome as DeliveryReceipt['outcome'],
          stat: d.theirStatus ?? '',
          err: d.theirErr,
          reason: d.theirReason,
          reasonCode: d.theirReasonCode,
          channel: 'sms',
          price: d.theirPrice === null ? null : d.theirPrice.toFixed(2),
          hlr: null,
          raw: JSON.stringify({
            source: 'provider export',
            reconciliation: job.id,
            job: job.providerJobId,
            id: d.providerId,
            status: d.theirStatus,
            err: d.theirErr,
            cost: d.theirPrice,
          }),
          receivedAt: Date.now(),
        }
        // The outbox's own moves: confirmed (uncertain → accepted), then settled by the receipt;
        // the trail records each, and the message is pushed.
        const moved = await ctx.outbox.applyStatus(job.profileId, query, [receipt])
        const after = await ctx.outbox.get(messageId)
        if (after && moved.length > 0) ctx.emitMessages([after])
        adopted.push(d.id)
      }
      await store.markAdopted(adopted, Date.now())
      const fresh = (await store.get(id)) ?? job
      if (adopted.length > 0) {
        changed(fresh)
        ctx.log('info', `reconcile ${id}: the provider's status adopted for ${adopted.length}`)
      }
      return { adopted: adopted.length, skipped, job: fresh }
    },
  }

  return {
    handlers,
    start: () => service.start(),
    close: () => service.close(),
  }
}
