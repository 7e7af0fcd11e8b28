/** OsonSMS (Tajikistan): an HTTP API signed with the account's pass_salt_hash. */
import { OsonSmsProfileInputSchema } from '../../../../shared/contract'
import { OSONSMS_FORM, OSONSMS_REASONS } from '../../../../shared/providers/osonsms'
import type { ProviderDescriptor } from '../descriptor'
import {
  httpBaseOptions,
  httpInFlight,
  httpInputOf,
  httpSettingsOf,
  sandboxHttpSettings,
  textSetting,
  type HttpProfileSettings,
} from '../http-profile'
import { probeByRequest } from '../probe'
import { OSONSMS_CAPABILITIES, OsonSmsProvider } from './provider'
import { OsonSmsSimulator, type OsonSmsSimulatorOptions } from './sim'
import { SANDBOX_NAMES } from '../../../../shared/constants'

const FIELDS = Object.keys(OsonSmsProfileInputSchema.shape)

export const osonsms: ProviderDescriptor<HttpProfileSettings, Partial<OsonSmsSimulatorOptions>> = {
  kind: 'osonsms',
  capabilities: OSONSMS_CAPABILITIES,
  profile: {
    fields: OSONSMS_FORM,
    settingsOf: httpSettingsOf,
    inputOf: (s) => httpInputOf(s, FIELDS),
    usualCountry: () => 'TJ',
    sandbox: {
      id: 'sandbox-osonsms',
      name: SANDBOX_NAMES.osonsms.en,
      settings: sandboxHttpSettings({}),
    },
  },
  connect: ({ profile, settings: s, secret, sandbox }) =>
    new OsonSmsProvider({
      ...httpBaseOptions(profile.id, s, sandbox),
      secret,
      defaultSender: textSetting(s, 'defaultSender'),
      currency: textSetting(s, 'currency'),
    }),
  inFlight: httpInFlight,
  testConnection: probeByRequest,
  simulator: {
    create: (setup, tuning) =>
      new OsonSmsSimulator({
        port: setup.port ?? 0,
        accounts: { [setup.login]: setup.secret },
        ...tuning,
      }),
    sandbox: { deliveryDelayMs: 1500 },
  },
  errors: OSONSMS_REASONS,
}
