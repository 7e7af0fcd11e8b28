/**
 * The Team screen's rules, as plain functions: what it offers to whom, how the users' list
 * takes a change, and how the audit trail's filters become a search.
 */
import type { AuditEntry, AuditFilter, TeamRole, TeamUser } from '../../../shared/calls/team'
import type { AppInfo } from '../../../shared/domain'
import { fromLocalInput } from '../../format'

/** The roles, each allowed everything of the one before it. */
export const ROLE_ORDER = [
  'agent',
  'supervisor',
  'administrator',
] as const satisfies readonly TeamRole[]

export function atLeast(role: TeamRole, least: TeamRole): boolean {
  return ROLE_ORDER.indexOf(role) >= ROLE_ORDER.indexOf(least)
}

/**
 * What the Team screen offers: the users to an administrator, the audit trail to a supervisor
 * and up; nothing on a workstation, or to an agent. The server checks every call all the same:
 * this only spares a person buttons that would be refused.
 */
export function teamSections(
  mode: AppInfo['mode'] | null,
  me: { role: TeamRole } | null,
): { users: boolean; audit: boolean } | null {
  if (mode !== 'server' || !me || !atLeast(me.role, 'supervisor')) return null
  return { users: me.role === 'administrator', audit: true }
}

/** A user's name as the server compares names: 'Anna' and ' anna' are one. */
export function foldName(name: string): string {
  return name.trim().normalize('NFC').toLowerCase()
}

/** The list with this user as the server now has them, in the server's order (by name). */
export function withUser(users: readonly TeamUser[], user: TeamUser): TeamUser[] {
  const key = foldName(user.name)
  const rest = users.filter((u) => foldName(u.name) !== key)
  return [...rest, user].sort((a, b) => {
    const x = foldName(a.name)
    const y = foldName(b.name)
    return x < y ? -1 : x > y ? 1 : 0
  })
}

/** The trail's filters as typed: free text, and the period as datetime-local fields. */
export interface AuditForm {
  user: string
  action: string
  text: string
  from: string
  to: string
}

export const EMPTY_AUDIT_FORM: AuditForm = { user: '', action: '', text: '', from: '', to: '' }

/** The form as a search: empty fields left out, the period in epoch ms of the operator's time. */
export function auditFilterOf(form: AuditForm): AuditFilter {
  const filter: AuditFilter = {}
  const user = form.user.trim()
  if (user) filter.user = user
  if (form.action) filter.action = form.action
  const text = form.text.trim()
  if (text) filter.text = text
  const from = fromLocalInput(form.from)
  if (from !== null) filter.from = from
  const to = fromLocalInput(form.to)
  if (to !== null) filter.to = to
  return filter
}

/**
 * An entry's details as one line for the list: every field but how it ended (a column of its
 * own), nested values as JSON.
 */
export function detailsLine(details: AuditEntry['details']): string {
  return Object.entries(details)
    .filter(([key]) => key !== 'outcome' && key !== 'refusal')
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ')
}

/** How the call ended: 'done', else the refusal's code; null for an event that is no call. */
export function outcomeOf(details: AuditEntry['details']): string | null {
  const outcome = details.outcome
  return typeof outcome === 'string' ? outcome : null
}
