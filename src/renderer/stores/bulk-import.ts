/**
 * The Bulk import screen's state: the file and its format, the mapping of its columns to a
 * message, the check's summary, and the batches (the one shown, the recent ones). One store per
 * open screen (createBulkImport, handed down by BulkImportContext): leaving the screen starts
 * over, as a fresh screen does, and an answer that arrives after it closed changes nothing shown.
 */
import {
  EMPTY_TYPE_DRAFT,
  messageTypeOf,
  typeComplete,
  type TypeDraft,
} from '../components/message-types/draft'
import { createContext, useContext } from 'react'
import { createStore, useStore, type StoreApi } from 'zustand'
import type { ContactFilter } from '../../shared/calls/contacts'
import type {
  BatchView,
  CsvAnalysis,
  CsvEncodingName,
  DelimiterName,
  ImportProgress,
  ImportSummary,
} from '../../shared/calls/imports'
import { DEFAULT_MAX_PARTS } from '../../shared/constants'
import type { CallRequest, ProviderProfile } from '../../shared/contract'
import { call, errorText, onEvent } from '../api/client'
import type { Lang } from '../i18n'
import { uploadFile } from '../components/upload'
import { useLang } from './lang'
import { useProfiles } from './profiles'
import { defaultProfile } from './profile-choice'

export type ImportMapping = CallRequest<'import.validate'>

/** What the agent maps: changing any of it makes the last check's summary stale. */
/** A canary as typed: off, or the first recipients, the share of failures, test numbers. */
export interface CanaryChoice {
  on: boolean
  first: string
  failPercent: string
  /** Empty: throttling never pauses it. */
  throttlePercent: string
  /** One per line. */
  testNumbers: string
}

export const NO_CANARY: CanaryChoice = {
  on: false,
  first: '50',
  failPercent: '20',
  throttlePercent: '',
  testNumbers: '',
}

/** The canary as import.start takes it, or undefined when off. */
export function canaryOf(c: CanaryChoice) {
  if (!c.on) return undefined
  const testNumbers = c.testNumbers
    .split(/[\n,;]+/)
    .map((s) => s.trim())
    .filter(Boolean)
  const percent = (s: string) => Math.min(100, Math.max(0, Math.round(Number(s) || 0)))
  return {
    first: Math.max(1, Math.round(Number(c.first) || 1)),
    failPercent: percent(c.failPercent),
    ...(c.throttlePercent.trim() !== '' ? { throttlePercent: percent(c.throttlePercent) } : {}),
    ...(testNumbers.length ? { testNumbers } : {}),
  }
}

export interface MappingChoice {
  /** The profile picked; '' (or one since removed): the first profile. */
  profileId: string
  /** The sender typed; null: the profile's first sender. */
  sender: string | null
  phoneColumn: number
  template: string
  maxParts: number
  /** A datetime-local value, or '' to send now. */
  scheduleAt: string
  /** Every row's SMSC type and its fields (SMS unless the profile sends others). */
  typeDraft: TypeDraft
}

export interface BulkImportState {
  /** The file as main read it, once one is chosen. */
  analysis: CsvAnalysis | null
  /** Bytes of a browser upload sent so far. */
  uploaded: { sent: number; total: number } | null
  /** Main is reading (or re-reading) the file. */
  reading: boolean
  pasted: string
  error: string | null
  choice: MappingChoice
  summary: ImportSummary | null
  checking: boolean
  checkProgress: ImportProgress | null
  starting: boolean
  /** Send again to numbers an earlier import of this file already messaged. */
  repeat: boolean
  /** The canary as the agent set it (send() includes it when on). */
  canary: CanaryChoice
  /** What adding the file's phone column to the stop-list did. */
  stopAdded: { added: number; invalid: number } | null
  /** The batch whose panel is shown. */
  shownBatch: number | null
  /** The batch this summary started: it cannot be sent twice. */
  sentBatch: number | null
  /** The recent batches; null until read. */
  batches: BatchView[] | null
  batchesError: string | null

  setPasted(text: string): void
  openFile(file: File): Promise<void>
  /** Desktop: main's own open dialog reads the file in place, nothing crosses the bridge. */
  openFromDisk(dialogTitle: string): Promise<void>
  takePasted(): Promise<void>
  /** The contacts a filter finds (a group) as the recipients, `name` shown as the file's. */
  fromContacts(filter: ContactFilter, name: string): Promise<void>
  reformat(choice: {
    encoding?: CsvEncodingName
    delimiter?: DelimiterName
    hasHeader?: boolean
    /** A workbook's sheet (by its place). */
    sheet?: number
  }): Promise<void>
  startOver(): Promise<void>
  map(change: Partial<MappingChoice>): void
  /** Appends #column# to the template. */
  insert(column: string): void
  setRepeat(repeat: boolean): void
  setCanary(change: Partial<CanaryChoice>): void
  check(): Promise<void>
  /** Starts the batch the summary describes and shows it; the summary stays, but cannot send twice. */
  send(): Promise<void>
  /** An interrupted batch of this same file queues the rest of it (from this upload). */
  resumeEarlier(batchId: number): Promise<void>
  stopFromFile(): Promise<void>
  /** An action that failed outside the store (a download): says why. */
  failed(err: unknown): void
  loadBatches(): Promise<void>
  showBatch(batchId: number): void
  /** The batch panel's fresh view of its batch, for the recent list. */
  batchSeen(batch: BatchView): void
  /** Follows the check's progress while the screen is open; returns the unsubscribe. */
  watch(): () => void
}

/** The profile and sender the mapping stands for, given the profiles there are. */
export function chosenOf(
  choice: MappingChoice,
  profiles: readonly ProviderProfile[],
): { profile: ProviderProfile | undefined; profileId: string; sender: string } {
  const profile =
    profiles.find((p) => p.id === choice.profileId) ??
    defaultProfile(profiles, useProfiles.getState().lastUsed)
  return {
    profile,
    profileId: profile?.id ?? '',
    sender: choice.sender ?? profile?.senders[0] ?? '',
  }
}

/** The request the check and the send make, once there is a file. */
export function mappingOf(
  s: Pick<BulkImportState, 'analysis' | 'choice'>,
  profiles: readonly ProviderProfile[],
  lang: Lang,
): ImportMapping | null {
  if (!s.analysis) return null
  const { profileId, sender } = chosenOf(s.choice, profiles)
  const { phoneColumn, template, maxParts, scheduleAt } = s.choice
  const scheduledAt = scheduleAt ? new Date(scheduleAt).getTime() : null
  const messageType = messageTypeOf(typeOfChoice(s.choice, profiles))
  return {
    uploadId: s.analysis.uploadId,
    profileId,
    sender,
    phoneColumn,
    template,
    maxParts,
    ...(messageType ? { messageType } : {}),
    scheduledAt: scheduledAt && !Number.isNaN(scheduledAt) ? scheduledAt : null,
    // The rejected rows' CSV is written in the operator's language.
    lang,
  }
}

/** Whether the rows can be checked: a file, a profile, a sender and a template, and not reading. */
export function canCheck(
  s: Pick<BulkImportState, 'analysis' | 'choice' | 'reading'>,
  profiles: readonly ProviderProfile[],
): boolean {
  const { profileId, sender } = chosenOf(s.choice, profiles)
  return (
    s.analysis !== null &&
    profileId !== '' &&
    sender.trim() !== '' &&
    (s.choice.template.trim() !== '' || typeOfChoice(s.choice, profiles).type === 'ping') &&
    typeComplete(typeOfChoice(s.choice, profiles)) &&
    !s.reading
  )
}

/** How many the send would message: numbers an earlier import of this file got are skipped. */
export function toSend(s: Pick<BulkImportState, 'summary' | 'repeat'>): number {
  if (!s.summary) return 0
  return s.summary.recipients - (s.repeat ? 0 : s.summary.alreadyQueued)
}

const FRESH_CHOICE: MappingChoice = {
  profileId: '',
  sender: null,
  phoneColumn: 0,
  template: '',
  maxParts: DEFAULT_MAX_PARTS,
  scheduleAt: '',
  typeDraft: EMPTY_TYPE_DRAFT,
}

/** The type chosen, as the chosen profile sends it (SMS where it sends no other). */
export function typeOfChoice(
  choice: MappingChoice,
  profiles: readonly ProviderProfile[],
): TypeDraft {
  const { profile } = chosenOf(choice, profiles)
  const offered = profile?.capabilities.messageTypes ?? ['sms']
  return offered.includes(choice.typeDraft.type)
    ? choice.typeDraft
    : { ...choice.typeDraft, type: 'sms' }
}

export type BulkImportStore = StoreApi<BulkImportState>

export function createBulkImport(): BulkImportStore {
  return createStore<BulkImportState>()((set, get) => {
    const current = () => mappingOf(get(), useProfiles.getState().profiles, useLang.getState().lang)

    /** A file read afresh: its phone column, and a first template from its other columns. */
    const took = (a: CsvAnalysis) => {
      const { choice } = get()
      set({
        analysis: a,
        repeat: false,
        canary: NO_CANARY,
        summary: null,
        stopAdded: null,
        choice: {
          ...choice,
          phoneColumn: a.phoneColumn,
          template:
            choice.template === ''
              ? a.columns
                  .filter((_, i) => i !== a.phoneColumn)
                  .map((c) => `#${c}#`)
                  .join(' ')
              : choice.template,
        },
      })
    }

    const reading = async (read: () => Promise<void>) => {
      set({ error: null, reading: true })
      try {
        await read()
      } catch (err) {
        set({ error: errorText(err) })
      } finally {
        set({ reading: false })
      }
    }

    const launch = async (start: () => Promise<BatchView>) => {
      set({ starting: true, error: null })
      try {
        const batch = await start()
        set({ shownBatch: batch.id, sentBatch: batch.id })
        void get().loadBatches()
      } catch (err) {
        set({ error: errorText(err) })
      } finally {
        set({ starting: false })
      }
    }

    return {
      analysis: null,
      uploaded: null,
      reading: false,
      pasted: '',
      error: null,
      choice: FRESH_CHOICE,
      summary: null,
      checking: false,
      checkProgress: null,
      starting: false,
      repeat: false,
      canary: NO_CANARY,
      stopAdded: null,
      shownBatch: null,
      sentBatch: null,
      batches: null,
      batchesError: null,

      setPasted: (pasted) => set({ pasted }),

      openFile: (file) =>
        reading(async () => {
          set({ uploaded: { sent: 0, total: file.size } })
          try {
            took(await uploadFile(file, (sent, total) => set({ uploaded: { sent, total } })))
          } finally {
            set({ uploaded: null })
          }
        }),

      openFromDisk: (title) =>
        reading(async () => {
          const { analysis } = await call('import.openFile', { title })
          if (analysis) took(analysis)
        }),

      takePasted: () =>
        reading(async () => took(await call('import.paste', { text: get().pasted }))),

      fromContacts: (filter, name) =>
        reading(async () => took(await call('import.fromContacts', { filter, name }))),

      async reformat(format) {
        const { analysis } = get()
        if (!analysis) return
        await reading(async () => {
          const a = await call(
            'import.analyse',
            analysis.sheet === null
              ? {
                  uploadId: analysis.uploadId,
                  encoding: format.encoding ?? analysis.encoding,
                  delimiter: format.delimiter ?? analysis.delimiter,
                  hasHeader: format.hasHeader ?? analysis.hasHeader,
                }
              : // Another sheet is read afresh: its own header is found again.
                format.sheet !== undefined
                ? { uploadId: analysis.uploadId, sheet: format.sheet }
                : {
                    uploadId: analysis.uploadId,
                    sheet: analysis.sheet,
                    hasHeader: format.hasHeader ?? analysis.hasHeader,
                  },
          )
          set({
            analysis: a,
            choice: { ...get().choice, phoneColumn: a.phoneColumn },
            summary: null,
          })
        })
      },

      async startOver() {
        const { analysis } = get()
        if (analysis) await call('import.discard', { uploadId: analysis.uploadId }).catch(() => {})
        set({
          analysis: null,
          summary: null,
          choice: { ...get().choice, template: '' },
          pasted: '',
          error: null,
        })
      },

      map: (change) =>
        set({
          summary: null,
          sentBatch: null,
          error: null,
          choice: { ...get().choice, ...change },
        }),

      insert: (column) => get().map({ template: `${get().choice.template}#${column}#` }),

      setRepeat: (repeat) => set({ repeat }),
      setCanary: (change) => set({ canary: { ...get().canary, ...change } }),

      async check() {
        const mapping = current()
        if (!mapping || !canCheck(get(), useProfiles.getState().profiles)) return
        set({ checking: true, error: null, checkProgress: null })
        try {
          set({ summary: await call('import.validate', mapping) })
        } catch (err) {
          set({ error: errorText(err) })
        } finally {
          set({ checking: false })
        }
      },

      async send() {
        const mapping = current()
        const { summary, repeat, canary } = get()
        const c = canaryOf(canary)
        if (mapping && summary)
          await launch(() =>
            call('import.start', { ...mapping, repeat, ...(c ? { canary: c } : {}) }),
          )
      },

      async resumeEarlier(batchId) {
        const { analysis } = get()
        if (analysis)
          await launch(() => call('batch.resumeImport', { batchId, uploadId: analysis.uploadId }))
      },

      async stopFromFile() {
        const { analysis, choice } = get()
        if (!analysis) return
        try {
          const r = await call('stoplist.importUpload', {
            uploadId: analysis.uploadId,
            phoneColumn: choice.phoneColumn,
          })
          set({ stopAdded: { added: r.added, invalid: r.invalid }, summary: null })
        } catch (err) {
          set({ error: errorText(err) })
        }
      },

      failed: (err) => set({ error: errorText(err) }),

      async loadBatches() {
        try {
          set({ batches: await call('batch.list', { limit: 10 }), batchesError: null })
        } catch (err) {
          set({ batchesError: errorText(err) })
        }
      },

      showBatch: (shownBatch) => set({ shownBatch }),

      batchSeen: (b) =>
        set({ batches: get().batches?.map((x) => (x.id === b.id ? b : x)) ?? null }),

      watch: () =>
        onEvent('import.progress', (p) => {
          if (p.step === 'validate' || p.step === 'analyse') set({ checkProgress: p })
        }),
    }
  })
}

export const BulkImportContext = createContext<BulkImportStore | null>(null)

/** The open Bulk import screen's state, as `select` picks it. */
export function useBulkImport<T>(select: (s: BulkImportState) => T): T {
  const store = useContext(BulkImportContext)
  if (!store) throw new Error('useBulkImport is for the parts of the Bulk import screen')
  return useStore(store, select)
}
