/**
 * The contract is the areas' calls (and events) put together: a name two areas define is a
 * mistake found when the contract loads, not a call that silently goes to the wrong handler.
 */
type Combined<T extends readonly object[]> = T extends readonly [
  infer First,
  ...infer Rest extends readonly object[],
]
  ? First & Combined<Rest>
  : unknown

export function combineAreas<T extends readonly object[]>(what: string, ...areas: T): Combined<T> {
  const all: Record<string, unknown> = {}
  for (const area of areas) {
    for (const [name, definition] of Object.entries(area)) {
      if (Object.prototype.hasOwnProperty.call(all, name)) {
        throw new Error(`the ${what} "${name}" is defined by two areas`)
      }
      all[name] = definition
    }
  }
  return all as Combined<T>
}
