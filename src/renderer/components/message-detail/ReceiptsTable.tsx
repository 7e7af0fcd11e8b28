/**
 * A message's delivery reports in its detail: when each came, what it said, through which
 * channel, what it cost (for a cascade, what each channel cost beside the total), and the
 * report as it came.
 */
import type { ReceiptView } from '../../../shared/calls/history'
import { formatDateTime } from '../../format'
import type { Lang } from '../../i18n'
import { reasonText } from '../../../shared/reason-text'
import { channelPricesText, receiptsStrings } from './receipts.strings'

export function ReceiptsTable(props: { receipts: ReceiptView[]; lang: Lang; label: string }) {
  const { receipts, lang } = props
  const s = receiptsStrings[lang]
  return (
    <table className="receipts-table" aria-label={props.label}>
      <thead>
        <tr>
          <th scope="col">{s.colTime}</th>
          <th scope="col">{s.colProviderId}</th>
          <th scope="col">{s.colOutcome}</th>
          <th scope="col">{s.colChannel}</th>
          <th scope="col">{s.colPrice}</th>
          <th scope="col">{s.colByChannel}</th>
          <th scope="col">{s.colReason}</th>
          <th scope="col">{s.colRaw}</th>
        </tr>
      </thead>
      <tbody>
        {receipts.map((r, i) => (
          <tr key={i} data-testid="receipt">
            <td>{formatDateTime(r.receivedAt, lang, true)}</td>
            <td className="num" data-testid="receipt-provider-id">
              {r.providerId}
            </td>
            <td>{s.outcomes[r.outcome] ?? r.outcome}</td>
            <td>{r.channel ? s.channels[r.channel] : ''}</td>
            <td className="num" data-testid="receipt-price">
              {r.price ?? ''}
            </td>
            <td data-testid="receipt-channel-prices">{channelPricesText(r.prices, s)}</td>
            <td>
              {r.reason || r.reasonCode ? reasonText(r.reason ?? '', lang, r.reasonCode) : ''}
            </td>
            <td>
              <code className="receipt-raw" lang="en" translate="no" data-testid="receipt-raw">
                {r.raw}
              </code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
