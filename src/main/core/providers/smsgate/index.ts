/** smsgate: a cascade gateway (Viber → WhatsApp → VK → SMS) with JSON, GET and XML interfaces. */
import { SmsgateProfileInputSchema } from '../../../../shared/contract'
import { SMSGATE_FORM, SMSGATE_REASONS } from '../../../../shared/providers/smsgate'
import type { ProviderDescriptor } from '../descriptor'
import {
  httpBaseOptions,
  httpInFlight,
  httpInputOf,
  httpSettingsOf,
  sandboxHttpSettings,
  type HttpProfileSettings,
} from '../http-profile'
import { probeByRequest } from '../probe'
import {
  SMSGATE_CAPABILITIES,
  SmsgateProvider,
  type SmsgateProviderOptions,
  type SmsgateSettings,
} from './provider'
import { SmsgateSimulator, type SmsgateSimulatorOptions } from './sim'
import { SANDBOX_NAMES } from '../../../../shared/constants'

const FIELDS = Object.keys(SmsgateProfileInputSchema.shape)

export const smsgate: ProviderDescriptor<
  HttpProfileSettings,
  SmsgateSimulatorOptions,
  Partial<Pick<SmsgateProviderOptions, 'timeoutMs' | 'duplicateWindowMs'>>
> = {
  kind: 'smsgate',
  capabilities: SMSGATE_CAPABILITIES,
  profile: {
    fields: SMSGATE_FORM,
    settingsOf: httpSettingsOf,
    inputOf: (s) => httpInputOf(s, FIELDS),
    // The cascade gateway's customers are anywhere: every number is written with its code.
    usualCountry: () => null,
    sandbox: {
      id: 'sandbox-smsgate',
      name: SANDBOX_NAMES.smsgate.en,
      settings: sandboxHttpSettings({ channelSenders: { viber: 'SANDBOX', sms: 'SANDBOX' } }),
    },
  },
  connect: ({ profile, settings: s, secret, sandbox, tuning }) => {
    // Validated against the contract's smsgate schema when the profile was saved.
    const { channelSenders, ...p } = s.provider as Omit<SmsgateSettings, 'login' | 'senders'> & {
      channelSenders?: SmsgateSettings['senders']
    }
    return new SmsgateProvider({
      ...httpBaseOptions(profile.id, s, sandbox),
      secret,
      ...p,
      senders: channelSenders,
      ...tuning,
    })
  },
  inFlight: httpInFlight,
  testConnection: probeByRequest,
  simulator: {
    create: (setup, tuning) =>
      new SmsgateSimulator({
        port: setup.port ?? 0,
        login: setup.login,
        password: setup.secret,
        ...tuning,
      }),
  },
  errors: SMSGATE_REASONS,
}
