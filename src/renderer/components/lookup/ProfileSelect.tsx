import type { ProviderProfile } from '../../../shared/contract'

interface Props {
  id: string
  label: string
  profiles: ProviderProfile[]
  value: string
  /** Shown as the only option when no profile can do this job. */
  emptyLabel: string
  sandboxLabel: string
  onChange(profileId: string): void
}

/** The profiles that can do one job (HLR, numbers), the sandbox ones marked as such. */
export function ProfileSelect(props: Props) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select
        id={props.id}
        value={props.value}
        disabled={props.profiles.length === 0}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {props.profiles.length === 0 && <option value="">{props.emptyLabel}</option>}
        {props.profiles.map((p) => (
          <option key={p.id} value={p.id}>
            {p.sandbox && !p.name.includes(props.sandboxLabel)
              ? `${p.name} (${props.sandboxLabel})`
              : p.name}
          </option>
        ))}
      </select>
    </div>
  )
}
