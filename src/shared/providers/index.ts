/**
 * What main and the renderer both know of each kind of provider (its reason codes, its profile
 * form), one module per kind. Main's descriptor of a kind (`src/main/core/providers/<kind>/`)
 * hands these on; the renderer reads them here, since it cannot import main's code.
 */
import type { ProviderKind } from '../domain'
import { GETSMS_REASONS } from './getsms'
import { OSONSMS_REASONS } from './osonsms'
import type { ReasonTable } from './reasons'
import { SMPP_REASONS } from './smpp'
import { SMSC_HTTP_REASONS } from './smsc-http'
import { SMSGATE_REASONS } from './smsgate'

export interface ProviderTexts {
  /** The reason codes its refusals and receipts carry (`osonsms:119`, `smpp:stat:UNDELIV`, …). */
  reasons: ReasonTable
}

export const PROVIDER_TEXTS: Readonly<Record<ProviderKind, ProviderTexts>> = {
  smpp: { reasons: SMPP_REASONS },
  osonsms: { reasons: OSONSMS_REASONS },
  'smsc-http': { reasons: SMSC_HTTP_REASONS },
  getsms: { reasons: GETSMS_REASONS },
  smsgate: { reasons: SMSGATE_REASONS },
}
