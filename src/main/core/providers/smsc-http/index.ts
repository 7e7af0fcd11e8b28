/**
 * SMSC.ru's HTTP API: send, status, balance, HLR, inbound messages, dedicated numbers and number
 * verification by the customer's call.
 */
import { smscCountry } from '../smsc-country'
import { SmscHttpProfileInputSchema } from '../../../../shared/contract'
import { SMSC_HTTP_FORM, SMSC_HTTP_REASONS } from '../../../../shared/providers/smsc-http'
import type { ProviderDescriptor } from '../descriptor'
import {
  httpBaseOptions,
  httpInFlight,
  httpInputOf,
  httpSettingsOf,
  numberSetting,
  sandboxHttpSettings,
  textSetting,
  type HttpProfileSettings,
} from '../http-profile'
import { probeByRequest } from '../probe'
import { SMSC_HTTP_CAPABILITIES, SmscHttpProvider } from './provider'
import { SmscHttpSimulator, type SmscHttpSimulatorOptions } from './sim'
import { readCallback } from './callback'
import { SANDBOX_NAMES } from '../../../../shared/constants'
import { MESSAGE_TYPES } from '../../../../shared/message-types'

const FIELDS = Object.keys(SmscHttpProfileInputSchema.shape)

export const smscHttp: ProviderDescriptor<
  HttpProfileSettings,
  SmscHttpSimulatorOptions,
  { limiterWindowMs?: number }
> = {
  kind: 'smsc-http',
  capabilities: SMSC_HTTP_CAPABILITIES,
  profile: {
    fields: SMSC_HTTP_FORM,
    settingsOf: httpSettingsOf,
    inputOf: (s) => httpInputOf(s, FIELDS),
    usualCountry: (s) => smscCountry(s.baseUrl),
    sandbox: {
      id: 'sandbox-smsc',
      name: SANDBOX_NAMES['smsc-http'].en,
      settings: sandboxHttpSettings({}),
    },
  },
  messageTypes: () => MESSAGE_TYPES,
  // A team server's handler: statuses, replies and verifying calls posted by SMSC.
  callbacks: {
    enabled: (s) => s.provider.callbacks === true,
    read: readCallback,
  },
  connect: ({ profile, settings: s, secret, sandbox, tuning }) =>
    new SmscHttpProvider({
      ...httpBaseOptions(profile.id, s, sandbox),
      secret,
      auth: textSetting(s, 'auth') === 'apikey' ? 'apikey' : 'login',
      defaultSender: textSetting(s, 'defaultSender'),
      // The sandbox has no www2 twin; a real profile's backup is its own setting.
      backupBaseUrl: sandbox ? null : s.backupUrl,
      translit: s.provider.translit === true,
      validityMinutes: numberSetting(s, 'validityMinutes'),
      limiterWindowMs: tuning?.limiterWindowMs,
    }),
  inFlight: httpInFlight,
  testConnection: probeByRequest,
  simulator: {
    create(setup, tuning) {
      const s = new SmscHttpSimulator({
        port: setup.port ?? 0,
        login: setup.login,
        password: setup.secret,
        ...tuning,
      })
      return {
        start: () => s.start(),
        stop: () => s.stop(),
        get url() {
          return s.url
        },
        endpoint: () => s.endpoint(),
        // Fetched by the console's next poll: nothing to acknowledge now.
        inbound: async ({ from, to, text }) => {
          s.injectInbound({ phone: from, message: text, toPhone: to })
          return 1
        },
        // Recorded as an inbound `[waitcall]`, fetched by the console's next poll.
        customerCall: async (from) => s.customerCalls(from)?.to ?? null,
      }
    },
  },
  errors: SMSC_HTTP_REASONS,
}
