/**
 * A template put into the text being written: in place of the selection (at the caret when
 * nothing is selected), so an empty box takes the whole template and a half-written reply
 * gains it where the agent was typing.
 */
export function insertText(
  current: string,
  value: string,
  selection: { start: number; end: number } | null,
): { text: string; caret: number } {
  const start = clamp(selection?.start ?? current.length, current.length)
  const end = Math.max(start, clamp(selection?.end ?? start, current.length))
  return { text: current.slice(0, start) + value + current.slice(end), caret: start + value.length }
}

function clamp(n: number, max: number): number {
  return Math.min(Math.max(0, n), max)
}
