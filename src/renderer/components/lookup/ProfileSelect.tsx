import type { ProviderProfile } from '../../../shared/contract'
import { SelectField } from '../Field'

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
  const caption = (p: ProviderProfile) =>
    p.sandbox && !p.name.includes(props.sandboxLabel) ? `${p.name} (${props.sandboxLabel})` : p.name
  return (
    <SelectField
      id={props.id}
      label={props.label}
      value={props.value}
      options={
        props.profiles.length === 0
          ? [['', props.emptyLabel]]
          : props.profiles.map((p) => [p.id, caption(p)] as const)
      }
      disabled={props.profiles.length === 0}
      onChange={props.onChange}
    />
  )
}
