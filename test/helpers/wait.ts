/** Polls until `cond` holds; fails the test with `what` after `timeoutMs`. Never asserts a duration. */
export async function waitFor(
  cond: () => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const start = Date.now()
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for: ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}
