/** One choice of a filter bar (History, Delivery reports): the caption wraps its list. */
import { Select, type SelectProps } from '../Field'

export function FilterSelect<V extends string | number>({
  label,
  ...select
}: SelectProps<V> & { label: string }) {
  return (
    <label>
      {label}
      <Select {...select} />
    </label>
  )
}
