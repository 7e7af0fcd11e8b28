/**
 * The team servers this console knows (table `team_servers`, migration 28): the certificate the
 * agent accepted for each address, and which server the console works with now, as whom. The
 * session's token is not here: it is in the OS keychain.
 */
import type { Db } from '../db/database'
import { isRole, type Role } from './roles'
import type { Trust } from './certificate'

export interface KnownServer {
  url: string
  /** The fingerprint the agent accepted; null when the system trusts the server. */
  fingerprint: string | null
  /** The accepted certificate (and its issuers as the server sent them), in PEM. */
  certificate: string | null
  user: string | null
  role: Role | null
  linked: boolean
}

interface Row {
  url: string
  fingerprint: string | null
  certificate: string | null
  user_name: string | null
  role: string | null
  linked: number
}

function known(r: Row): KnownServer {
  return {
    url: r.url,
    fingerprint: r.fingerprint,
    certificate: r.certificate,
    user: r.user_name,
    role: isRole(r.role) ? r.role : null,
    linked: r.linked === 1,
  }
}

/** How a known server is checked at each connection. */
export function trustOf(s: Pick<KnownServer, 'fingerprint' | 'certificate'>): Trust {
  return s.fingerprint && s.certificate
    ? { kind: 'pinned', fingerprint: s.fingerprint, pem: s.certificate }
    : { kind: 'system' }
}

export class KnownServers {
  constructor(private readonly db: Db) {}

  get(url: string): KnownServer | null {
    const r = this.db.prepare<[string], Row>('SELECT * FROM team_servers WHERE url = ?').get(url)
    return r ? known(r) : null
  }

  /** The server the console works with, if any. */
  linked(): KnownServer | null {
    const r = this.db.prepare<[], Row>('SELECT * FROM team_servers WHERE linked = 1').get()
    return r ? known(r) : null
  }

  /** The agent accepted this certificate for this address. */
  accept(url: string, fingerprint: string, certificate: string, now: number): void {
    this.db
      .prepare(
        `INSERT INTO team_servers (url, fingerprint, certificate, accepted_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (url) DO UPDATE SET fingerprint = excluded.fingerprint,
           certificate = excluded.certificate, accepted_at = excluded.accepted_at`,
      )
      .run(url, fingerprint, certificate, now)
  }

  /** The accepted certificate is forgotten: the next connection shows the server's for acceptance. */
  forget(url: string): boolean {
    return (
      this.db
        .prepare(
          `UPDATE team_servers SET fingerprint = NULL, certificate = NULL, accepted_at = NULL
           WHERE url = ? AND fingerprint IS NOT NULL`,
        )
        .run(url).changes > 0
    )
  }

  /** From now on the console works with this server, as this user. */
  link(url: string, user: string, role: Role | null): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE team_servers SET linked = 0 WHERE linked = 1').run()
      this.db
        .prepare(
          `INSERT INTO team_servers (url, user_name, role, linked) VALUES (?, ?, ?, 1)
           ON CONFLICT (url) DO UPDATE SET user_name = excluded.user_name, role = excluded.role,
             linked = 1`,
        )
        .run(url, user, role)
    })()
  }

  setRole(url: string, user: string, role: Role): void {
    this.db
      .prepare('UPDATE team_servers SET user_name = ?, role = ? WHERE url = ?')
      .run(user, role, url)
  }

  /** The console works alone again (the server and its certificate stay known). */
  unlink(): void {
    this.db.prepare('UPDATE team_servers SET linked = 0 WHERE linked = 1').run()
  }
}
