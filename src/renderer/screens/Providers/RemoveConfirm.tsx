/** Removing a profile asks first, and whether its messages not yet sent are cancelled with it. */
import { useProvidersT } from './strings'

interface Props {
  name: string
  cancelUnsent: boolean
  onCancelUnsent(cancel: boolean): void
  busy: boolean
  onRemove(): void
  onKeep(): void
}

export function RemoveConfirm({
  name,
  cancelUnsent,
  onCancelUnsent,
  busy,
  onRemove,
  onKeep,
}: Props) {
  const t = useProvidersT()
  return (
    <div className="provider-confirm" role="group" aria-label={t.remove}>
      <p>{t.removeConfirm(name)}</p>
      <label className="check">
        <input
          type="checkbox"
          checked={cancelUnsent}
          onChange={(e) => onCancelUnsent(e.target.checked)}
        />{' '}
        {t.removeCancelUnsent}
      </label>
      <div className="actions-line">
        <button type="button" className="danger" disabled={busy} onClick={onRemove}>
          {t.removeYes}
        </button>
        <button type="button" onClick={onKeep}>
          {t.removeNo}
        </button>
      </div>
    </div>
  )
}
