/**
 * What the check found: recipients, rejected rows with their reasons (downloadable), parts and
 * cost, numbers an earlier import of the file already messaged; and the send.
 */
import { useId } from 'react'
import type { DestinationCost, ImportSummary, RejectReason } from '../../../shared/calls/imports'
import { mainSays } from '../../main-phrases'
import { toSend, useBulkImport } from '../../stores/bulk-import'
import { useCurrency } from '../../stores/balance'
import { useLang } from '../../stores/lang'
import { useProfileName } from '../../stores/profiles'
import { useImportT } from './strings'
import { CanaryOptions } from './CanaryOptions'
import { downloadRejected } from './upload'
import { formatDateTime, formatNumber, formatPrice, formatRegion } from '../../format'

export function Summary({ summary }: { summary: ImportSummary }) {
  const t = useImportT()
  const lang = useLang((s) => s.lang)
  const ids = useId()
  const repeat = useBulkImport((s) => s.repeat)
  const sentBatch = useBulkImport((s) => s.sentBatch)
  const starting = useBulkImport((s) => s.starting)
  const count = useBulkImport(toSend)
  const setRepeat = useBulkImport((s) => s.setRepeat)
  const send = useBulkImport((s) => s.send)
  const failed = useBulkImport((s) => s.failed)
  const profileName = useProfileName()

  // In the account's currency, once its balance has said which.
  const currency = useCurrency(summary.profileId)
  const money = (n: number) => `${formatPrice(n, lang)}${currency ? ` ${currency}` : ''}`

  return (
    <section aria-labelledby={`${ids}-summary`} className="import-summary">
      <h3 id={`${ids}-summary`}>{t.summary}</h3>
      <dl className="summary-list">
        <dt>{t.recipients}</dt>
        <dd data-testid="summary-recipients">{formatNumber(summary.recipients, lang)}</dd>
        <dt>{t.rejected}</dt>
        <dd data-testid="summary-rejected">{formatNumber(summary.rejected, lang)}</dd>
        <dt>{t.totalParts}</dt>
        <dd data-testid="summary-parts">{formatNumber(summary.totalParts, lang)}</dd>
        <dt>{t.cost}</dt>
        <dd>
          {summary.cost
            ? summary.cost.source === 'provider'
              ? t.costAsked(money(summary.cost.amount), money(summary.cost.perPart))
              : t.costEstimate(
                  money(summary.cost.amount),
                  money(summary.cost.perPart),
                  summary.cost.sample,
                )
            : t.costUnknown}
          {summary.cost && summary.cost.unpricedParts > 0 && (
            <> {t.costUnpriced(summary.cost.unpricedParts)}</>
          )}
        </dd>
        <dt>{t.via}</dt>
        <dd>
          {profileName(summary.profileId)} · {summary.sender}
        </dd>
        <dt>{t.sendAt}</dt>
        <dd>{summary.scheduledAt ? formatDateTime(summary.scheduledAt, lang) : t.now}</dd>
      </dl>
      {summary.cost && summary.destinations.length > 0 && (
        <Destinations rows={summary.destinations} />
      )}
      {summary.phones.local > 0 && summary.phones.example && summary.phones.country && (
        <p className="hint" data-testid="summary-local-numbers">
          {t.localNumbers(
            summary.phones.local,
            formatRegion(summary.phones.country, lang),
            summary.phones.example.written,
            summary.phones.example.phone,
          )}
        </p>
      )}
      {summary.phones.notMobile > 0 && summary.phones.notMobileExample && (
        <p className="notice" data-testid="summary-not-mobile">
          {t.notMobile(summary.phones.notMobile, summary.phones.notMobileExample)}
        </p>
      )}
      {summary.alreadyQueued > 0 && (
        <p className="notice" data-testid="summary-already-queued">
          {t.alreadyQueued(formatNumber(summary.alreadyQueued, lang))}{' '}
          <label className="check">
            <input
              type="checkbox"
              checked={repeat}
              disabled={sentBatch !== null}
              onChange={(e) => setRepeat(e.target.checked)}
            />{' '}
            {t.repeat}
          </label>
        </p>
      )}
      {summary.rejected > 0 && (
        <>
          <h4>{t.reasons}</h4>
          <ul className="reason-counts">
            {(Object.entries(summary.byReason) as [RejectReason, number][]).map(([r, n]) => (
              <li key={r}>
                {t.reasonNames[r]}: <strong>{n}</strong>
              </li>
            ))}
          </ul>
          <table aria-label={t.rejectedRows}>
            <caption>
              {t.rejectedRows}
              {summary.rejected > summary.rejectedPreview.length &&
                ` · ${t.shownOf(summary.rejectedPreview.length, summary.rejected)}`}
            </caption>
            <thead>
              <tr>
                <th>{t.line}</th>
                <th>{t.previewPhone}</th>
                <th>{t.reason}</th>
                <th>{t.detail}</th>
              </tr>
            </thead>
            <tbody>
              {summary.rejectedPreview.map((r) => (
                <tr key={r.line}>
                  <td className="num">{r.line}</td>
                  <td className="phone">{r.phone}</td>
                  <td>{t.reasonNames[r.reason]}</td>
                  <td className="text">{mainSays(r.detail, r.phrase, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="actions-line">
            <button
              type="button"
              onClick={() => void downloadRejected(summary.uploadId, 'rejected.csv').catch(failed)}
            >
              {t.download}
            </button>
          </div>
        </>
      )}
      <CanaryOptions />
      <div className="actions-line">
        {sentBatch !== null ? (
          <span className="notice" role="status">
            {t.sentAs(sentBatch)}
          </span>
        ) : (
          <button
            type="button"
            className="primary"
            disabled={count === 0 || starting}
            onClick={() => void send()}
          >
            {count === 0 ? t.nothingToSend : t.send(count)}
          </button>
        )}
      </div>
    </section>
  )
}

/** Recipients, parts and cost by destination, with where each price comes from. */
function Destinations({ rows }: { rows: readonly DestinationCost[] }) {
  const t = useImportT()
  const lang = useLang((s) => s.lang)
  const name = (d: DestinationCost) =>
    d.code === '' ? t.destOther : d.name ? `+${d.code} ${d.name}` : `+${d.code}…`
  const source = (d: DestinationCost) =>
    d.scope === 'provider'
      ? t.destFromProvider
      : d.scope === 'destination'
        ? t.destFromReports(d.sample)
        : d.scope === 'profile'
          ? t.destFromProfile(d.sample)
          : t.destUnknown
  return (
    <table className="import-destinations" aria-label={t.destinations}>
      <thead>
        <tr>
          <th scope="col">{t.destination}</th>
          <th scope="col" className="num">
            {t.recipients}
          </th>
          <th scope="col" className="num">
            {t.totalParts}
          </th>
          <th scope="col" className="num">
            {t.destPerPart}
          </th>
          <th scope="col" className="num">
            {t.destAmount}
          </th>
          <th scope="col">{t.destSource}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((d) => (
          <tr key={`${d.code}:${d.name ?? ''}`}>
            <td>{name(d)}</td>
            <td className="num">{formatNumber(d.recipients, lang)}</td>
            <td className="num">{formatNumber(d.parts, lang)}</td>
            <td className="num">{d.perPart === null ? '—' : formatPrice(d.perPart, lang)}</td>
            <td className="num">{d.amount === null ? '—' : formatPrice(d.amount, lang)}</td>
            <td>{source(d)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
