/**
 * The choice of a provider profile, wherever one is chosen: to send with (Compose, Bulk import),
 * to look up or rent through (HLR, Dedicated numbers), to filter by (History, Delivery reports)
 * or to fall back on (a profile's editor). Sandbox profiles always say so.
 */
import type { ReactNode } from 'react'
import type { ProviderProfile } from '../../shared/contract'
import { profileLabel } from '../../shared/constants'
import { useT, type Lang } from '../i18n'
import { useLang } from '../stores/lang'
import { Field, Select } from './Field'
import { FilterSelect } from './history/FilterSelect'

interface Props {
  /** A form's field, its caption above the list; without an id, a filter bar's choice. */
  id?: string
  label: string
  /** The profiles on offer (those that can do the job), in the order shown. */
  profiles: readonly ProviderProfile[]
  value: string
  onChange(profileId: string): void
  /** A first choice that is no profile in particular, valued '': "All profiles", "None". */
  anyLabel?: string
  /** The only choice when no profile is on offer (the list is then disabled). */
  emptyLabel?: string
  disabled?: boolean
  invalid?: boolean
  /** Ids of the hint and error below the list. */
  describedBy?: string
  /** Below a field's list: its hint, its error. */
  children?: ReactNode
}

/** A sandbox profile says so in the list, without repeating the word. */
export function profileCaption(p: ProviderProfile, sandboxWord: string, lang: Lang): string {
  const name = profileLabel(p, lang)
  if (!p.sandbox || name.toLowerCase().includes(sandboxWord.toLowerCase())) return name
  return `${name} — ${sandboxWord}`
}

export function ProfileSelect(props: Props) {
  const t = useT()
  const lang = useLang((s) => s.lang)
  const none = props.profiles.length === 0 && props.anyLabel === undefined
  const options: (readonly [string, string])[] = none
    ? [['', props.emptyLabel ?? t.noProfiles]]
    : [
        ...(props.anyLabel !== undefined ? [['', props.anyLabel] as const] : []),
        ...props.profiles.map((p) => [p.id, profileCaption(p, t.sandboxSuffix, lang)] as const),
      ]
  const select = {
    value: props.value,
    options,
    disabled: props.disabled || none,
    invalid: props.invalid,
    describedBy: props.describedBy,
    onChange: props.onChange,
  }
  if (props.id === undefined) return <FilterSelect label={props.label} {...select} />
  return (
    <Field id={props.id} label={props.label}>
      <Select id={props.id} {...select} />
      {props.children}
    </Field>
  )
}
