/**
 * What main and the renderer both know of each kind of provider (its reason codes, its profile
 * form), one module per kind. Main's descriptor of a kind (`src/main/core/providers/<kind>/`)
 * hands these on; the renderer reads them here, since it cannot import main's code.
 */
import type { ProviderKind } from '../domain'
import type { ProviderForm } from './form'
import { GETSMS_FORM, GETSMS_REASONS } from './getsms'
import { OSONSMS_FORM, OSONSMS_REASONS } from './osonsms'
import type { ReasonTable } from './reasons'
import { SMPP_FORM, SMPP_REASONS } from './smpp'
import { SMSC_HTTP_FORM, SMSC_HTTP_REASONS } from './smsc-http'
import { SMSGATE_FORM, SMSGATE_REASONS } from './smsgate'

export interface SharedProvider {
  /** The reason codes its refusals and receipts carry (`osonsms:119`, `smpp:stat:UNDELIV`, …). */
  reasons: ReasonTable
  /** Its profile form: sections and fields, the secret's name, draft ↔ profiles.save. */
  form: ProviderForm
}

/** In the order the Providers screen offers them for a new profile. */
export const SHARED_PROVIDERS: Readonly<Record<ProviderKind, SharedProvider>> = {
  smpp: { reasons: SMPP_REASONS, form: SMPP_FORM },
  'smsc-http': { reasons: SMSC_HTTP_REASONS, form: SMSC_HTTP_FORM },
  osonsms: { reasons: OSONSMS_REASONS, form: OSONSMS_FORM },
  getsms: { reasons: GETSMS_REASONS, form: GETSMS_FORM },
  smsgate: { reasons: SMSGATE_REASONS, form: SMSGATE_FORM },
}

/** Every kind, in that order. */
export const PROVIDER_KINDS = Object.keys(SHARED_PROVIDERS) as readonly ProviderKind[]
