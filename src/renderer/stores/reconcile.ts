/**
 * Reconciliations with the provider's own record: a profile's jobs (each pushed again as it
 * moves), the open one's differences by kind, and adopting the provider's status for uncertain
 * messages. Main follows the jobs; this only shows them.
 */
import { create } from 'zustand'
import type { Difference, ReconcileJob } from '../../shared/calls/reconcile'
import type { DifferenceKind } from '../../shared/reconcile'
import { call, errorText, newRequestKey, onEvent } from '../api/client'

/** Differences shown per kind at most (the counts say how many there are). */
export const DIFFERENCES_SHOWN = 200

/** A difference left as it was, and why (main's English and its phrase). */
type Skipped = { reason: string; phrase?: unknown }

interface Differences {
  rows: Difference[]
  total: number
  loading: boolean
  error: string | null
  loaded: boolean
}

const NO_DIFFERENCES: Differences = {
  rows: [],
  total: 0,
  loading: false,
  error: null,
  loaded: false,
}

interface ReconcileView {
  /** Jobs of the profile shown, the newest first. */
  jobs: ReconcileJob[]
  profileId: string
  loading: boolean
  error: string | null
  /** The job whose differences are shown. */
  openId: number | null
  kind: DifferenceKind
  differences: Differences
  loadJobs(profileId: string): Promise<void>
  /** Starts a job; throws main's refusal for the form to show. */
  start(profileId: string, from: string, to: string): Promise<ReconcileJob>
  /** Asks the provider now; throws main's refusal (too soon: when it may be asked). */
  check(id: number): Promise<void>
  open(id: number | null): void
  showKind(kind: DifferenceKind): void
  loadDifferences(): Promise<void>
  /** Adopts the provider's status for these differences (or every adoptable one of the job). */
  adopt(differenceIds?: number[]): Promise<{ adopted: number; skipped: Skipped[] }>
  /** A job pushed by main. */
  pushed(job: ReconcileJob): void
}

export const jobOpen = (j: ReconcileJob): boolean =>
  j.state === 'waiting' || j.state === 'running' || j.state === 'downloading'

export const useReconcile = create<ReconcileView>((set, get) => {
  /** The job in the list, replaced (or added at the top) by a newer copy of it. */
  const put = (job: ReconcileJob) => {
    const { jobs, profileId } = get()
    if (job.profileId !== profileId) return
    const known = jobs.some((j) => j.id === job.id)
    set({
      jobs: known
        ? jobs.map((j) => (j.id === job.id && j.updatedAt <= job.updatedAt ? job : j))
        : [job, ...jobs],
    })
  }
  /** One requestKey per form submission: a double click starts one job. */
  let pendingKey: string | null = null

  return {
    jobs: [],
    profileId: '',
    loading: false,
    error: null,
    openId: null,
    kind: 'status',
    differences: NO_DIFFERENCES,
    async loadJobs(profileId) {
      if (profileId !== get().profileId) {
        set({ profileId, jobs: [], openId: null, differences: NO_DIFFERENCES })
      }
      set({ loading: true })
      try {
        const jobs = await call('reconcile.jobs', { profileId, limit: 50 })
        if (get().profileId !== profileId) return
        set({ jobs, error: null })
        const open = get().openId ?? jobs[0]?.id ?? null
        if (open !== get().openId) get().open(open)
      } catch (err) {
        set({ error: errorText(err) })
      } finally {
        set({ loading: false })
      }
    },
    async start(profileId, from, to) {
      pendingKey ??= newRequestKey()
      const job = await call('reconcile.start', { profileId, from, to, requestKey: pendingKey })
      pendingKey = null
      put(job)
      get().open(job.id)
      return job
    },
    async check(id) {
      put(await call('reconcile.check', { id }))
    },
    open(id) {
      set({ openId: id, differences: NO_DIFFERENCES })
      if (id !== null) void get().loadDifferences()
    },
    showKind(kind) {
      set({ kind, differences: NO_DIFFERENCES })
      void get().loadDifferences()
    },
    async loadDifferences() {
      const { openId: id, kind } = get()
      const job = get().jobs.find((j) => j.id === id)
      if (id === null || !job || job.state !== 'compared') return
      set((s) => ({ differences: { ...s.differences, loading: true } }))
      try {
        const page = await call('reconcile.differences', { id, kind, limit: DIFFERENCES_SHOWN })
        if (get().openId !== id || get().kind !== kind) return
        set({
          differences: {
            rows: page.rows,
            total: page.total,
            loading: false,
            error: null,
            loaded: true,
          },
        })
      } catch (err) {
        set((s) => ({ differences: { ...s.differences, loading: false, error: errorText(err) } }))
      }
    },
    async adopt(differenceIds) {
      const id = get().openId
      if (id === null) return { adopted: 0, skipped: [] }
      const result = await call('reconcile.adopt', { id, differenceIds })
      put(result.job)
      await get().loadDifferences()
      return { adopted: result.adopted, skipped: result.skipped }
    },
    pushed(job) {
      const before = get().jobs.find((j) => j.id === job.id)
      put(job)
      // Compared just now while open: its differences are there to show.
      if (job.id === get().openId && job.state === 'compared' && before?.state !== 'compared') {
        void get().loadDifferences()
      }
    },
  }
})

/** Follows pushed jobs while a view is mounted; returns the unsubscribe. */
export function followReconcile(): () => void {
  return onEvent('reconcile.job', (job) => useReconcile.getState().pushed(job))
}
