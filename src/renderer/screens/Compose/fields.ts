/**
 * Which of Compose's fields main's refusal is about, by the paths of its issues: the schema's
 * (`text`), and those of checks past it (`phone` that does not normalise, a provider's
 * objection such as `cascade.viberButton.url`, channels the profile lacks as `cascade.order`).
 */
import type { ApiIssue } from '../../../shared/contract'

export const COMPOSE_FIELDS = [
  'profileId',
  'sender',
  'phone',
  'text',
  'cascade',
  'messageType',
  'scheduledAt',
] as const
export type ComposeField = (typeof COMPOSE_FIELDS)[number]
export type ComposeFieldErrors = Partial<Record<ComposeField, string>>

/**
 * Each issue next to the field its path starts with (the first one of a field wins); issues
 * naming none of the form's fields come back apart, for the form's own line.
 */
export function composeFieldErrors(issues: readonly ApiIssue[]): {
  fields: ComposeFieldErrors
  rest: ApiIssue[]
} {
  const fields: ComposeFieldErrors = {}
  const rest: ApiIssue[] = []
  for (const issue of issues) {
    const field = COMPOSE_FIELDS.find((f) => issue.path === f || issue.path.startsWith(`${f}.`))
    if (!field) rest.push(issue)
    else fields[field] ??= issue.message
  }
  return { fields, rest }
}
