/**
 * What a list says instead of (or above) its rows: that it could not be read, that it is still
 * being read, or that it holds nothing. Every screen and table says these the same way, in the
 * same places; the words are the screen's own.
 */
import type { ReactNode } from 'react'

interface Props {
  /** Why the list could not be read, worded for the agent: an alert, above whatever follows. */
  error?: string | null
  /** Still being read. A list that could not be read is not: its alert says why instead. */
  loading?: boolean
  loadingText?: string
  /** Read, and nothing in it. */
  empty?: boolean
  emptyText?: string
  /** Inside a table body: the empty list is one row across this many columns, under the header. */
  columns?: number
  /** Beside a toolbar's refresh button: the list is being read again (its rows stay). */
  inline?: boolean
  /** Added to the line an empty list shows. */
  className?: string
  /** The list itself, shown unless it is still loading or empty. */
  children?: ReactNode
}

export function ListState({
  error,
  loading = false,
  loadingText,
  empty = false,
  emptyText,
  columns,
  inline = false,
  className,
  children,
}: Props) {
  const alert = error ? (
    <p className="error" role="alert">
      {error}
    </p>
  ) : null
  let state: ReactNode = children
  if (loading && !alert) {
    state = inline ? (
      <span className="hint" role="status">
        {loadingText}
      </span>
    ) : (
      <p className="hint" role="status">
        {loadingText}
      </p>
    )
  } else if (empty) {
    state =
      columns !== undefined ? (
        <tr>
          <td colSpan={columns} className="empty">
            {emptyText}
          </td>
        </tr>
      ) : (
        <p className={className ? `hint ${className}` : 'hint'}>{emptyText}</p>
      )
  }
  return (
    <>
      {alert}
      {state}
    </>
  )
}
