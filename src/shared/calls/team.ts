/**
 * A team server's people and its audit trail: who is signed in at this console and with which
 * role, the users an administrator manages (made, given another role, disabled, given a new
 * password, signed out of every console), and the trail a supervisor searches. These calls
 * mean something only on a team server: a workstation answers each with a refusal.
 */
// Calls and push events of this area, combined into the contract (src/shared/contract.ts).
import { z } from 'zod'

/** Each role may do everything of the one before it. */
export const TEAM_ROLES = ['agent', 'supervisor', 'administrator'] as const
export const TeamRoleSchema = z.enum(TEAM_ROLES)
export type TeamRole = z.infer<typeof TeamRoleSchema>

/** What a person types as a sign-in name; the server says what it refuses and why. */
const UserName = z.string().trim().min(1).max(200)
/** The server's policy decides; a request this long holds no password. */
const Password = z.string().max(4096)

export const TeamUserSchema = z.object({
  name: z.string(),
  role: TeamRoleSchema,
  disabled: z.boolean(),
  createdAt: z.number(),
})
export type TeamUser = z.infer<typeof TeamUserSchema>

/** Filters of the audit trail, as the screen has them and its export writes them. */
export const AuditFilterSchema = z
  .object({
    /** One user, by name in any case. */
    user: z.string().trim().min(1).max(200).optional(),
    /** One action (`users.disable`); ending in a dot, every action under it (`stoplist.`). */
    action: z.string().trim().min(1).max(100).optional(),
    /** Words anywhere in the user, action, target or details. */
    text: z.string().max(200).optional(),
    /** At or after (epoch ms). */
    from: z.number().int().min(0).optional(),
    /** Before (epoch ms). */
    to: z.number().int().min(0).optional(),
  })
  .strict()
export type AuditFilter = z.infer<typeof AuditFilterSchema>

/** Most entries one page of the trail holds. */
export const MAX_AUDIT_ENTRIES = 500

export const AuditEntrySchema = z.object({
  id: z.number().int(),
  at: z.number(),
  /** Null for the server's own doings, and for a sign-in that failed. */
  user: z.string().nullable(),
  role: TeamRoleSchema.nullable(),
  /** The address the call came from. */
  from: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  details: z.record(z.string(), z.json()),
})
export type AuditEntry = z.infer<typeof AuditEntrySchema>

const byName = z.object({ name: UserName }).strict()

export const teamCalls = {
  /** Who is signed in at this console, and with which role: what the screens offer follows it. */
  'users.me': {
    request: z.object({}).strict(),
    response: z.object({ name: z.string(), role: TeamRoleSchema }),
  },
  /** Every user of the server, by name, disabled ones too. */
  'users.list': { request: z.object({}).strict(), response: z.array(TeamUserSchema) },
  /** A new user who signs in with this password (refused at the field that is wrong). */
  'users.create': {
    request: z.object({ name: UserName, password: Password, role: TeamRoleSchema }).strict(),
    response: TeamUserSchema,
  },
  /** Takes effect at the user's next call, on every console they are signed in at. */
  'users.setRole': {
    request: z.object({ name: UserName, role: TeamRoleSchema }).strict(),
    response: TeamUserSchema,
  },
  /** The user cannot sign in, and is signed out of every console at once. */
  'users.disable': { request: byName, response: TeamUserSchema },
  'users.enable': { request: byName, response: TeamUserSchema },
  /** An administrator gives a user a new password; the user is signed out everywhere. */
  'users.setPassword': {
    request: z.object({ name: UserName, password: Password }).strict(),
    response: TeamUserSchema,
  },
  /** Ends every session of the user (a lost laptop); how many were open. */
  'users.signOutEverywhere': {
    request: byName,
    response: z.object({ sessions: z.number().int() }),
  },
  /** The trail newest first, a page at a time: `before` is the last id of the page before. */
  'audit.search': {
    request: AuditFilterSchema.extend({
      before: z.number().int().min(1).optional(),
      limit: z.number().int().min(1).max(MAX_AUDIT_ENTRIES),
    }).strict(),
    response: z.object({ entries: z.array(AuditEntrySchema), more: z.boolean() }),
  },
} as const

export const teamEvents = {} as const
