import { useEffect, useId, useRef, type ReactNode } from 'react'
import { useDialogFocus } from '../dialog-focus'
import './lookup.css'

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
  const id = useId()
  const confirmRef = useRef<HTMLButtonElement>(null)
  const dialogRef = useRef<HTMLDivElement>(null)
  const { onCancel, busy } = props
  useDialogFocus(dialogRef, confirmRef)

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !busy) onCancel()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onCancel, busy])

  return (
    <div className="lookup-backdrop">
      <div
        ref={dialogRef}
        className="lookup-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-body`}
      >
        <h3 id={`${id}-title`}>{props.title}</h3>
        <div id={`${id}-body`} className="lookup-dialog-body">
          {props.children}
        </div>
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
      </div>
    </div>
  )
}
