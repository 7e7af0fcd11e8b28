// The Bulk import screen's state: what a file read sets up, what an edit makes stale, the request
// the check and the send make, and one store per open screen.
import { EMPTY_TYPE_DRAFT } from '../../../src/renderer/components/message-types/draft'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { profileOf } from './profile'
import type { CsvAnalysis, ImportSummary } from '../../../src/shared/calls/imports'
import { batchView } from './batch-view'

const calls: { name: string; request: unknown }[] = []
const answers = new Map<string, (request: unknown) => unknown>()

vi.mock('../../../src/renderer/api/client', () => ({
  call: (name: string, request: unknown) => {
    calls.push({ name, request })
    const answer = answers.get(name)
    return answer
      ? Promise.resolve().then(() => answer(request))
      : Promise.reject(new Error(`${name} not expected`))
  },
  errorText: (err: unknown) => (err instanceof Error ? err.message : String(err)),
  onEvent: () => () => {},
  isDesktop: false,
}))

const { createBulkImport, canCheck, canaryOf, mappingOf, NO_CANARY, toSend } =
  await import('../../../src/renderer/stores/bulk-import')
const { useProfiles } = await import('../../../src/renderer/stores/profiles')

const UPLOAD = 'a'.repeat(32)

const profile = (id: string, senders: string[]) => profileOf(id, { senders })

const analysis = (over: Partial<CsvAnalysis> = {}): CsvAnalysis => ({
  uploadId: UPLOAD,
  name: 'clients.csv',
  size: 100,
  encoding: 'windows-1251',
  delimiter: ';',
  hasHeader: true,
  columns: ['Имя', 'Телефон', 'Текст'],
  preview: [],
  rowCount: 3,
  phoneColumn: 1,
  earlier: null,
  sheets: null,
  sheet: null,
  ...over,
})

const summary = (over: Partial<ImportSummary> = {}): ImportSummary => ({
  uploadId: UPLOAD,
  rows: 3,
  recipients: 3,
  rejected: 0,
  byReason: {},
  totalParts: 3,
  preview: [],
  rejectedPreview: [],
  unknownVariables: [],
  phones: { local: 0, country: null, example: null, notMobile: 0, notMobileExample: null },
  alreadyQueued: 1,
  earlier: null,
  cost: null,
  destinations: [],
  profileId: 'first',
  profileName: 'first',
  sender: 'Shop',
  scheduledAt: null,
  ...over,
})

beforeEach(() => {
  calls.length = 0
  answers.clear()
  answers.set('batch.list', () => [])
  useProfiles.setState({ profiles: [profile('first', ['Shop']), profile('second', [])] })
})

describe('bulk import store', () => {
  it('a file read takes its phone column and starts the template from its other columns', async () => {
    const store = createBulkImport()
    answers.set('import.paste', () => analysis())
    store.getState().setPasted('Имя;Телефон;Текст\n')
    await store.getState().takePasted()
    const s = store.getState()
    expect(calls.at(-1)).toEqual({ name: 'import.paste', request: { text: 'Имя;Телефон;Текст\n' } })
    expect(s.reading).toBe(false)
    expect(s.choice.phoneColumn).toBe(1)
    expect(s.choice.template).toBe('#Имя# #Текст#')

    // A template the agent wrote stays when another format is chosen or another file read.
    s.map({ template: 'Hello #Имя#' })
    answers.set('import.analyse', () => analysis({ delimiter: ',', phoneColumn: 0 }))
    await store.getState().reformat({ delimiter: ',' })
    expect(calls.at(-1)?.request).toEqual({
      uploadId: UPLOAD,
      encoding: 'windows-1251',
      delimiter: ',',
      hasHeader: true,
    })
    expect(store.getState().choice).toMatchObject({ phoneColumn: 0, template: 'Hello #Имя#' })
  })

  it('the check asks with the first profile and its first sender, in the interface language', async () => {
    const store = createBulkImport()
    answers.set('import.paste', () => analysis())
    answers.set('import.validate', () => summary())
    store.getState().setPasted('x')
    await store.getState().takePasted()
    const profiles = useProfiles.getState().profiles
    expect(canCheck(store.getState(), profiles)).toBe(true)
    expect(mappingOf(store.getState(), profiles, 'ru')).toEqual({
      uploadId: UPLOAD,
      profileId: 'first',
      sender: 'Shop',
      phoneColumn: 1,
      template: '#Имя# #Текст#',
      maxParts: expect.any(Number),
      scheduledAt: null,
      lang: 'ru',
    })
    await store.getState().check()
    expect(calls.at(-1)).toMatchObject({
      name: 'import.validate',
      request: { profileId: 'first', sender: 'Shop', lang: 'en' },
    })
    expect(store.getState().summary).not.toBeNull()

    // A profile without senders: nothing to check until the agent types one.
    store.getState().map({ profileId: 'second', sender: null })
    expect(store.getState().summary).toBeNull()
    expect(canCheck(store.getState(), profiles)).toBe(false)
    store.getState().map({ sender: 'Other' })
    expect(canCheck(store.getState(), profiles)).toBe(true)
  })

  it('sends the type chosen with its fields, and only where the profile sends that type', async () => {
    const store = createBulkImport()
    answers.set('import.paste', () => analysis())
    store.getState().setPasted('x')
    await store.getState().takePasted()
    const smsc = profileOf('smsc', { senders: ['Shop'] })
    smsc.capabilities.messageTypes = ['sms', 'viber', 'mail']
    const plain = profileOf('plain', { senders: ['Shop'] })
    const profiles = [smsc, plain]
    store.getState().map({ profileId: 'smsc', typeDraft: { ...EMPTY_TYPE_DRAFT, type: 'mail' } })
    // An e-mail without its subject: nothing to check yet.
    expect(canCheck(store.getState(), profiles)).toBe(false)
    store.getState().map({ typeDraft: { ...EMPTY_TYPE_DRAFT, type: 'mail', subject: ' Счёт ' } })
    expect(canCheck(store.getState(), profiles)).toBe(true)
    expect(mappingOf(store.getState(), profiles, 'en')?.messageType).toEqual({
      type: 'mail',
      subject: 'Счёт',
    })
    // Another profile that sends only SMS: the rows go as SMS.
    store.getState().map({ profileId: 'plain' })
    expect(mappingOf(store.getState(), profiles, 'en')).not.toHaveProperty('messageType')
  })

  it('a send shows its batch, cannot repeat, and an edit of the mapping allows a new one', async () => {
    const store = createBulkImport()
    answers.set('import.paste', () => analysis())
    answers.set('import.validate', () => summary())
    answers.set('import.start', () => batchView({ id: 12 }))
    answers.set('batch.list', () => [batchView({ id: 12 })])
    store.getState().setPasted('x')
    await store.getState().takePasted()
    await store.getState().check()
    // One of the three numbers got this message from an earlier import: skipped unless repeated.
    expect(toSend(store.getState())).toBe(2)
    store.getState().setRepeat(true)
    expect(toSend(store.getState())).toBe(3)
    await store.getState().send()
    expect(calls.find((c) => c.name === 'import.start')?.request).toMatchObject({ repeat: true })
    await vi.waitFor(() => expect(store.getState().batches).toHaveLength(1))
    expect(store.getState()).toMatchObject({ shownBatch: 12, sentBatch: 12, starting: false })

    store.getState().map({ maxParts: 2 })
    expect(store.getState()).toMatchObject({ summary: null, sentBatch: null, shownBatch: 12 })
  })

  it('a failure is kept to say why; each open screen has a store of its own', async () => {
    const store = createBulkImport()
    await store.getState().takePasted()
    expect(store.getState().error).toBe('import.paste not expected')
    expect(store.getState().reading).toBe(false)
    expect(createBulkImport().getState().error).toBeNull()
  })
})

describe('the canary as typed', () => {
  it('is off, or its shares as whole percents; an empty throttle share never pauses', () => {
    expect(canaryOf(NO_CANARY)).toBeUndefined()
    expect(canaryOf({ ...NO_CANARY, on: true })).toEqual({ first: 50, failPercent: 20 })
    expect(
      canaryOf({
        on: true,
        first: '0',
        failPercent: '150',
        throttlePercent: '12.6',
        testNumbers: '+992 93 000 00 01\n\n+992 93 000 00 02',
      }),
    ).toEqual({
      first: 1,
      failPercent: 100,
      throttlePercent: 13,
      testNumbers: ['+992 93 000 00 01', '+992 93 000 00 02'],
    })
  })
})
