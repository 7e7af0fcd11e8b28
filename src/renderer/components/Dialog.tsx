import { useEffect, useId, useRef, type ReactNode, type RefObject } from 'react'
import { useDialogFocus } from './dialog-focus'
import './lookup/lookup.css'

interface Props {
  title: ReactNode
  children: ReactNode
  /** The buttons under the body. */
  actions: ReactNode
  /** Escape closes the dialog unless it is busy. */
  onClose(): void
  busy?: boolean
  /** Where the keyboard goes when it opens (else its first control). */
  initialFocus?: RefObject<HTMLElement | null>
  className?: string
  bodyClassName?: string
  /** The body describes the dialog (a short question); false for a long one read at will. */
  describedByBody?: boolean
}

/**
 * A modal dialog: above every screen, its title naming it, the keyboard kept inside while it is
 * open and given back to what opened it, Escape for Close.
 */
export function Dialog(props: Props) {
  const id = useId()
  const dialogRef = useRef<HTMLDivElement>(null)
  const { onClose, busy } = props
  useDialogFocus(dialogRef, props.initialFocus)

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !busy) onClose()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onClose, busy])

  return (
    <div className="lookup-backdrop">
      <div
        ref={dialogRef}
        className={['lookup-dialog', props.className].filter(Boolean).join(' ')}
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={props.describedByBody === false ? undefined : `${id}-body`}
      >
        <h3 id={`${id}-title`}>{props.title}</h3>
        <div
          id={`${id}-body`}
          className={['lookup-dialog-body', props.bodyClassName].filter(Boolean).join(' ')}
        >
          {props.children}
        </div>
        {props.actions}
      </div>
    </div>
  )
}
