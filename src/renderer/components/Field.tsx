/** A form control with its caption, as the screens lay them out. */
import type { ReactNode } from 'react'

/** The caption above the control; whatever follows the control (a hint, an error) goes below it. */
export function Field({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
    </div>
  )
}

export interface SelectProps<V extends string | number> {
  value: V
  /** [value, caption] in the order shown. */
  options: readonly (readonly [V, ReactNode])[]
  disabled?: boolean
  /** Marked invalid (main refused its value); `describedBy` names what says why. */
  invalid?: boolean
  /** Ids of the hint and error below the list. */
  describedBy?: string
  /** The chosen option's own value (a number stays one). */
  onChange(value: V): void
}

/** A choice from a list. */
export function Select<V extends string | number>(props: SelectProps<V> & { id?: string }) {
  return (
    <select
      id={props.id}
      value={props.value}
      disabled={props.disabled}
      aria-invalid={props.invalid ? true : undefined}
      aria-describedby={props.describedBy}
      onChange={(e) => {
        const chosen = props.options[e.target.selectedIndex]
        if (chosen) props.onChange(chosen[0])
      }}
    >
      {props.options.map(([value, caption]) => (
        <option key={value} value={value}>
          {caption}
        </option>
      ))}
    </select>
  )
}

/** A choice from a list, its caption above it. */
export function SelectField<V extends string | number>({
  label,
  ...select
}: SelectProps<V> & { id: string; label: string }) {
  return (
    <Field id={select.id} label={label}>
      <Select {...select} />
    </Field>
  )
}
