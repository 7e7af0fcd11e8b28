/** GETSMS.UZ (Uzbekistan): an HTTP API with a nickname (alpha sender) or the short number. */
import { GetsmsProfileInputSchema } from '../../../../shared/contract'
import { GETSMS_FORM, GETSMS_REASONS } from '../../../../shared/providers/getsms'
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
import { GETSMS_CAPABILITIES, GetsmsProvider } from './provider'
import { GetsmsSimulator, type GetsmsSimulatorOptions } from './sim'
import { SANDBOX_NAMES } from '../../../../shared/constants'

const FIELDS = Object.keys(GetsmsProfileInputSchema.shape)

export const getsms: ProviderDescriptor<HttpProfileSettings, GetsmsSimulatorOptions> = {
  kind: 'getsms',
  capabilities: GETSMS_CAPABILITIES,
  profile: {
    fields: GETSMS_FORM,
    settingsOf: httpSettingsOf,
    inputOf: (s) => httpInputOf(s, FIELDS),
    usualCountry: () => 'UZ',
    sandbox: {
      id: 'sandbox-getsms',
      name: SANDBOX_NAMES.getsms.en,
      settings: sandboxHttpSettings({ nickname: 'SANDBOX', shortNumber: '7781' }),
    },
  },
  connect: ({ profile, settings: s, secret, sandbox }) =>
    new GetsmsProvider({
      ...httpBaseOptions(profile.id, s, sandbox),
      secret,
      nickname: textSetting(s, 'nickname'),
      shortNumber: textSetting(s, 'shortNumber'),
    }),
  inFlight: httpInFlight,
  testConnection: probeByRequest,
  simulator: {
    create: (setup, tuning) =>
      new GetsmsSimulator({
        port: setup.port ?? 0,
        login: setup.login,
        password: setup.secret,
        nicknames: ['SANDBOX'],
        ...tuning,
      }),
    sandbox: { nicknames: ['SANDBOX', 'InfoDesk'] },
  },
  errors: GETSMS_REASONS,
}
