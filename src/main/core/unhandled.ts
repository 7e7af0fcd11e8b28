/**
 * A promise rejected and never handled is a bug, reported wherever it happens. The console
 * keeps running (its outbox is consistent at every commit, and dying would drop the sessions
 * and the work in memory); with SMS_CONSOLE_STRICT=1, as the end-to-end tests run it, the
 * process exits instead, so the test that caused it fails.
 */
export const STRICT_EXIT_CODE = 70

export function watchUnhandled(report: (text: string) => void): void {
  process.on('unhandledRejection', (reason) => {
    const said = reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)
    report(`unhandled rejection: ${said}`)
    if (process.env.SMS_CONSOLE_STRICT === '1') process.exit(STRICT_EXIT_CODE)
  })
}
