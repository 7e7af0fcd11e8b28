/** SMPP 3.4: a persistent session to an SMSC (SMSC.ru's and any other). */
import { isSmscHost, smscCountry } from '../smsc-country'
import { MESSAGE_TYPES } from '../../../../shared/message-types'
import { SMPP_FORM, SMPP_REASONS } from '../../../../shared/providers/smpp'
import { sandboxDemoOutcome } from '../../sandbox/demo'
import type { ProviderDescriptor } from '../descriptor'
import { probeByBinding } from './probe'
import { smppInputOf, smppSettingsOf, type SmppProfileSettings } from './profile'
import { SMPP_CAPABILITIES, SmppSession, type SmppSessionOptions } from './session'
import { SandboxSmsc, type SandboxSmscOptions } from './sim'
import { SANDBOX_NAMES } from '../../../../shared/constants'

export type { SmppProfileSettings } from './profile'

export const smpp: ProviderDescriptor<
  SmppProfileSettings,
  Partial<SandboxSmscOptions>,
  Partial<SmppSessionOptions>
> = {
  kind: 'smpp',
  capabilities: SMPP_CAPABILITIES,
  profile: {
    fields: SMPP_FORM,
    settingsOf: smppSettingsOf,
    inputOf: smppInputOf,
    usualCountry: (s) => smscCountry(s.hosts[0]?.host),
    sandbox: {
      // The console's default profile (profiles.ts's SANDBOX_PROFILE_ID).
      id: 'sandbox',
      name: SANDBOX_NAMES.smpp.en,
      settings: {
        hosts: [],
        tls: false,
        systemId: 'sandbox',
        systemType: [],
        window: 100,
        ratePerSecond: 30,
        longMessageMode: 'udh',
      },
    },
  },
  // SMSC's special texts mean something only to SMSC (and its simulator, the sandbox): to any
  // other SMSC they would be an SMS starting with "__VIBER__: ".
  messageTypes: (s, sandbox) =>
    sandbox || s.hosts.some((h) => isSmscHost(h.host)) ? MESSAGE_TYPES : ['sms'],
  connect: ({ profile, settings: s, secret, sandbox, tuning }) =>
    new SmppSession({
      profileId: profile.id,
      hosts: sandbox ? [{ host: sandbox.host, port: sandbox.port }] : s.hosts,
      tls: sandbox ? false : s.tls,
      systemId: sandbox ? sandbox.login : s.systemId,
      password: secret,
      systemType: s.systemType,
      window: s.window,
      ratePerSecond: s.ratePerSecond,
      longMessageMode: s.longMessageMode,
      ...tuning,
    }),
  // About a second of sending, so an urgent one-off never waits behind a whole window of bulk
  // and a crash leaves few messages uncertain.
  inFlight: (s) => Math.min(s.window, Math.max(1, Math.ceil(s.ratePerSecond))),
  testConnection: probeByBinding,
  simulator: {
    create(setup, tuning) {
      const s = new SandboxSmsc({
        port: setup.port ?? 0,
        systemId: setup.login,
        password: setup.secret,
        outcome: sandboxDemoOutcome,
        ...tuning,
      })
      return {
        start: async () => {
          await s.start()
        },
        stop: () => s.stop(),
        get url() {
          return `smpp://127.0.0.1:${s.port}`
        },
        endpoint: () => ({
          baseUrl: `smpp://127.0.0.1:${s.port}`,
          host: '127.0.0.1',
          port: s.port,
        }),
        inbound: async ({ from, to, text }) => {
          if (s.boundCount() === 0) return null
          // 0 parts while the console could not store the message yet.
          return s.injectInbound({ from, to, text })
        },
      }
    },
  },
  errors: SMPP_REASONS,
}
