/**
 * What a core needs when it is one of several servers on one database: leases, so each
 * provider profile is driven by exactly one server at a time, and a bus, so what happens on one
 * server (a message delivered, a profile changed) reaches the consoles of every server, and a
 * message queued on one server wakes the server that sends it. A workstation has neither.
 */
import type { EventName, EventPayload } from '../../../shared/contract'

export interface Leases {
  /** Takes the profile for this server: false when another server drives it. */
  acquire(profileId: string): Promise<boolean>
  release(profileId: string): Promise<void>
  /** Called each time every lease was lost at once (the connection holding them broke). */
  onLost(listener: () => void): void
  close(): Promise<void>
}

export type BusMessage =
  | { kind: 'event'; name: EventName; payload: EventPayload<EventName> }
  | { kind: 'wake'; profileId: string }
  | { kind: 'restart'; profileId: string }
  /** A user was changed (disabled, a new password, a new role): their consoles hear it now. */
  | { kind: 'user'; name: string }
  /** A profile's provider called a server's handler: the profile's own server rests its polls. */
  | { kind: 'callback'; profileId: string }

export interface Bus {
  /** To every other server (never back to this one). */
  publish(message: BusMessage): void
  /** What the other servers published. */
  onMessage(listener: (message: BusMessage) => void): void
  close(): Promise<void>
}

export interface Coordination {
  leases: Leases
  bus: Bus
  /** How often a server looks for profiles no server drives (default 2 s). */
  leaseRetryMs?: number
  /** How long an import whose server is gone stays still before it is interrupted (30 s). */
  orphanImportMs?: number
}
