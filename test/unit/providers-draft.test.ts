// The Providers edit form's state ↔ what profiles.save takes: every kind survives the round
// trip, typed text becomes the contract's shapes, and main's complaints find their fields.
import { describe, expect, it } from 'vitest'
import {
  draftFromInput,
  emptyDraft,
  fieldOfIssue,
  inputFromDraft,
  newProfileId,
} from '../../src/shared/profile-form'
import { ProfileInputSchema, type ProfileInput } from '../../src/shared/contract'

const INPUTS: ProfileInput[] = [
  {
    kind: 'smpp',
    id: 'smpp-kz',
    name: 'SMSC.kz SMPP',
    senders: ['Shop', 'Info'],
    fallbackProfileId: 'smsc-http',
    hosts: [
      { host: 'smpp.smsc.kz', port: 3700 },
      { host: 'smpp2.smsc.kz', port: 3700 },
    ],
    tls: true,
    systemId: 'desk',
    systemType: ['MCON3', 'SINGLE', 'ISO'],
    window: 20,
    ratePerSecond: 50,
    longMessageMode: 'payload',
  },
  {
    kind: 'osonsms',
    id: 'oson',
    name: 'OsonSMS',
    senders: ['Shop'],
    fallbackProfileId: null,
    baseUrl: 'https://api.osonsms.com/',
    backupUrl: null,
    timeoutMs: 5000,
    concurrency: 4,
    requestsPerSecond: 2.5,
    login: 'desk',
    defaultSender: 'Shop',
    currency: 'TJS',
  },
  {
    kind: 'smsc-http',
    id: 'smsc',
    name: 'SMSC HTTP',
    senders: [],
    fallbackProfileId: null,
    baseUrl: 'https://smsc.kz/',
    backupUrl: 'https://www2.smsc.kz/',
    timeoutMs: 8000,
    concurrency: 2,
    login: 'desk',
    auth: 'apikey',
    defaultSender: null,
    translit: true,
    validityMinutes: 30,
    callbacks: true,
  },
  {
    kind: 'getsms',
    id: 'getsms',
    name: 'GETSMS',
    senders: ['Shop'],
    fallbackProfileId: null,
    baseUrl: 'http://10.0.0.5:8080/',
    backupUrl: null,
    timeoutMs: 5000,
    concurrency: 4,
    login: 'desk',
    nickname: 'Shop',
    shortNumber: '7781',
  },
  {
    kind: 'smsgate',
    id: 'cascade',
    name: 'Cascade',
    senders: ['Shop'],
    fallbackProfileId: null,
    baseUrl: 'https://api.example.com/',
    backupUrl: null,
    timeoutMs: 5000,
    concurrency: 4,
    login: 'desk',
    interface: 'xml',
    auth: 'token',
    channelSenders: { viber: 'ShopViber', sms: 'Shop' },
    mailingName: 'Desk',
    timeZone: 'Asia/Almaty',
    batchSize: 50,
  },
]

describe('edit form draft', () => {
  for (const input of INPUTS) {
    it(`${input.kind}: a saved profile comes back unchanged through the form`, () => {
      const back = inputFromDraft(draftFromInput(input), input.id as string)
      expect(ProfileInputSchema.parse(back)).toEqual(ProfileInputSchema.parse(input))
    })
  }

  it('typed text becomes the contract: senders split, numbers parsed, blanks left out', () => {
    const d = {
      ...emptyDraft('smpp'),
      name: ' Desk ',
      senders: 'Shop\nInfo, Promo;\n',
      host: ' smpp.example.com ',
      port: '2775',
      backupHost: 'smpp2.example.com',
      mcon: '2',
      iso: true,
    }
    expect(inputFromDraft(d, 'desk')).toMatchObject({
      name: 'Desk',
      senders: ['Shop', 'Info', 'Promo'],
      hosts: [
        { host: 'smpp.example.com', port: 2775 },
        // The backup takes the main port when its own is left empty.
        { host: 'smpp2.example.com', port: 2775 },
      ],
      systemType: ['MCON2', 'ISO'],
      fallbackProfileId: null,
    })
    const http = inputFromDraft(
      { ...emptyDraft('osonsms'), requestsPerSecond: '0,5', timeoutMs: '' },
      'x',
    )
    expect(http).toMatchObject({ requestsPerSecond: 0.5, timeoutMs: undefined, backupUrl: null })
  })

  it('a new id never collides and never looks like a sandbox', () => {
    expect(newProfileId('Office SMSC', [])).toBe('office-smsc')
    expect(newProfileId('Office SMSC', ['office-smsc', 'office-smsc-2'])).toBe('office-smsc-3')
    expect(newProfileId('Sandbox', [])).toBe('my-sandbox')
    expect(newProfileId('Офис', [])).toBe('profile')
  })

  it("main's complaint paths land on the form's fields", () => {
    expect(fieldOfIssue('baseUrl')).toBe('baseUrl')
    expect(fieldOfIssue('senders.2')).toBe('senders')
    expect(fieldOfIssue('hosts.0.host')).toBe('host')
    expect(fieldOfIssue('hosts.1.port')).toBe('backupPort')
    expect(fieldOfIssue('systemType.0')).toBe('mcon')
    expect(fieldOfIssue('channelSenders.viber')).toBe('channelSenders')
    expect(fieldOfIssue('')).toBeNull()
  })
})
