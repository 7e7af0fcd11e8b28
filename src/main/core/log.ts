/**
 * The console's log file. Secrets are never handed to it; as a second line of defence any
 * secret the core knows is masked before a line is written, in every encoding it may have
 * taken on the way (a provider's answer quoting the request URL-encoded, JSON- or XML-escaped).
 */
import { appendFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { maskSecrets, MIN_SECRET_LENGTH } from './mask'

export type LogLevel = 'info' | 'warn' | 'error'

export interface Log {
  (level: LogLevel, message: string): void
  /** Register a secret so it can never appear in a log line. */
  mask(secret: string): void
  readonly file: string
}

export function createLog(dir: string, echo = false): Log {
  mkdirSync(dir, { recursive: true })
  const file = join(dir, 'console.log')
  const secrets = new Set<string>()
  const log = ((level: LogLevel, message: string) => {
    const line = maskSecrets(message, secrets)
    const text = `${new Date().toISOString()} ${level.toUpperCase()} ${line}\n`
    try {
      appendFileSync(file, text)
    } catch {
      // A full disk must not take the console down with it.
    }
    if (echo) process.stderr.write(text)
  }) as Log
  log.mask = (secret: string) => {
    if ([...secret].length >= MIN_SECRET_LENGTH) secrets.add(secret)
  }
  Object.defineProperty(log, 'file', { value: file })
  return log
}
