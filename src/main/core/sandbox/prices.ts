/**
 * What the sandboxes charge for one message of each SMSC type besides SMS (made up, but unlike
 * each other, so a report and a spend chart show the difference).
 */
import type { MessageTypeName } from '../../../shared/message-types'

export const SIM_TYPE_PRICES: Readonly<Partial<Record<MessageTypeName, number>>> = {
  viber: 1.2,
  soc: 1.5,
  bot: 0.5,
  mms: 8,
  mail: 0.1,
  call: 4.5,
  ping: 0.3,
}
