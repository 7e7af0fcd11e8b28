import { ReceiptViewSchema, type ReceiptView } from '../../../shared/calls/history'

/** A report this version cannot read (an unknown channel) is left out, never a failed call. */
export function readableReceipts(stored: readonly unknown[]): ReceiptView[] {
  return stored.flatMap((r) => {
    const parsed = ReceiptViewSchema.safeParse(r)
    return parsed.success ? [parsed.data] : []
  })
}
