// A provider profile as the renderer gets it, for tests of what a screen or a store does with it.
import type { ProviderProfile } from '../../../src/shared/contract'

export const profileOf = (
  id: string,
  { sandbox = true, senders = [] as string[] } = {},
): ProviderProfile => ({
  id,
  name: id,
  kind: 'smpp',
  sandbox,
  hasPassword: !sandbox,
  senders,
  fallbackProfileId: null,
  capabilities: {
    balance: false,
    hlr: false,
    dedicatedNumbers: false,
    inbound: false,
    channels: ['sms'],
    messageTypes: ['sms'],
    verifyByCall: false,
    exportJobs: false,
  },
})
