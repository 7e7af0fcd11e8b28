/** The message columns History and Delivery reports share; each screen picks and orders them. */
import { TypeBadge } from '../message-types/TypeBadge'
import type { OutboxMessage } from '../../../shared/contract'
import type { Lang, Strings } from '../../i18n'
import { DetailsButton } from '../message-detail/MessageDetail'
import { detailStrings } from '../message-detail/strings'
import { reasonText } from '../../../shared/reason-text'
import type { Column } from './VirtualTable'
import { formatDateTime } from '../../format'
import { Phone } from '../Phone'

interface Labels {
  colId: string
  colTime: string
  colPhone: string
  colText: string
  colStatus: string
  colReason: string
}

type MessageColumn = Column<OutboxMessage>

export function messageColumns(labels: Labels, t: Strings, lang: Lang) {
  return {
    id: (): MessageColumn => ({
      key: 'id',
      header: labels.colId,
      width: '72px',
      className: 'num',
      render: (m) => m.id,
    }),
    time: (): MessageColumn => ({
      key: 'time',
      header: labels.colTime,
      width: '180px',
      render: (m) => formatDateTime(m.createdAt, lang, true),
    }),
    phone: (className?: string): MessageColumn => ({
      key: 'phone',
      header: labels.colPhone,
      width: '170px',
      className,
      render: (m) => <Phone phone={m.phone} />,
    }),
    text: (width: string): MessageColumn => ({
      key: 'text',
      header: labels.colText,
      width,
      render: (m) => (
        <>
          <TypeBadge type={m.type} />
          <span title={m.text}>{m.text}</span>
        </>
      ),
    }),
    status: (): MessageColumn => ({
      key: 'status',
      header: labels.colStatus,
      width: '132px',
      render: (m) => (
        <span className={`badge badge-${m.state}`} data-testid="message-status">
          {t.states[m.state]}
        </span>
      ),
    }),
    /** Opens the message's detail: its story, its reports with their prices, what can be done. */
    details: (): MessageColumn => ({
      key: 'details',
      header: detailStrings[lang].open,
      width: '84px',
      render: (m) => <DetailsButton messageId={m.id} lang={lang} />,
    }),
    reason: (width: string): MessageColumn => ({
      key: 'reason',
      header: labels.colReason,
      width,
      render: (m) => {
        const r = m.error ? reasonText(m.error, lang, m.errorCode) : ''
        return (
          <span title={r} data-testid="message-reason">
            {r}
          </span>
        )
      },
    }),
  }
}
