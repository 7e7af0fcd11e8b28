import { useRef, type ReactNode } from 'react'
import { Dialog } from '../Dialog'

interface Props {
  title: string
  children: ReactNode
  confirmLabel: string
  cancelLabel: string
  busy?: boolean
  /** Shown inside the dialog when confirming failed, so the agent sees why without losing it. */
  error?: string | null
  onConfirm(): void
  onCancel(): void
}

/** A modal question with one confirming action; Escape or Cancel closes it. */
export function ConfirmDialog(props: Props) {
  const confirmRef = useRef<HTMLButtonElement>(null)
  const { onCancel, busy } = props
  return (
    <Dialog
      title={props.title}
      onClose={onCancel}
      busy={busy}
      initialFocus={confirmRef}
      actions={
        <>
          {props.error && (
            <p className="error" role="alert">
              {props.error}
            </p>
          )}
          <div className="actions-line">
            <button
              ref={confirmRef}
              type="button"
              className="primary"
              disabled={busy}
              onClick={props.onConfirm}
            >
              {props.confirmLabel}
            </button>
            <button type="button" disabled={busy} onClick={onCancel}>
              {props.cancelLabel}
            </button>
          </div>
        </>
      }
    >
      {props.children}
    </Dialog>
  )
}
