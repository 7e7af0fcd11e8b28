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

/** A choice from a list of [value, caption]; the chosen value comes back as given (a number stays one). */
export function SelectField<V extends string | number>(props: {
  id: string
  label: string
  value: V
  options: readonly (readonly [V, ReactNode])[]
  disabled?: boolean
  onChange(value: V): void
}) {
  return (
    <Field id={props.id} label={props.label}>
      <select
        id={props.id}
        value={props.value}
        disabled={props.disabled}
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
    </Field>
  )
}
