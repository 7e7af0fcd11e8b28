/**
 * The users' calls, answered by the team server itself: they need the accounts, which the core
 * does not have, and who is asking, which only the server's door knows. Each call is checked by
 * its schema and answered in the same envelope, with the same refusals, as every call the core
 * answers (api/router.ts), so that a console cannot tell them apart. Who may make which call is
 * decided before this (team/roles.ts), and what they did is written to the trail after it.
 */
import type { z } from 'zod'
import { teamCalls, type TeamUser } from '../../shared/calls/team'
import type { CallResponse, Calls, Reply } from '../../shared/contract'
import {
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  passwordIssue,
  type PasswordIssue,
} from '../../shared/password-policy'
import { ApiError, refuse, settle, type Logger } from '../core/api/router'
import {
  AccountError,
  MAX_USER_NAME,
  type AccountsStore,
  type SessionInfo,
  type User,
} from '../core/team/accounts'

/** The calls of the team area about users: every one of them is answered here. */
export type UsersCall = Extract<keyof typeof teamCalls, `users.${string}`>

type UsersHandlers = {
  [K in UsersCall]: (
    request: z.infer<Calls[K]['request']>,
    caller: SessionInfo,
  ) => Promise<CallResponse<K>> | CallResponse<K>
}

export interface UsersRouter {
  /** Whether the call is one of the users' (the server answers it, not the core). */
  owns(call: string): call is UsersCall
  /** Validates and answers one call for the signed-in caller; never throws. */
  handle(call: UsersCall, request: unknown, caller: SessionInfo): Promise<Reply<unknown>>
}

const view = (u: User): TeamUser => ({
  name: u.name,
  role: u.role,
  disabled: u.disabled,
  createdAt: u.createdAt,
})

export function createUsersRouter(accounts: AccountsStore, log: Logger): UsersRouter {
  const handlers: UsersHandlers = {
    'users.me': (_request, caller) => ({ name: caller.user.name, role: caller.user.role }),
    'users.list': async () => (await accounts.listUsers()).map(view),
    'users.create': async ({ name, password, role }) =>
      view(await said(accounts.createUser({ name, password, role }), { name, password })),
    'users.setRole': async ({ name, role }) =>
      view(await said(accounts.setRole(name, role), { name })),
    'users.disable': async ({ name }) => view(await said(accounts.disable(name), { name })),
    'users.enable': async ({ name }) => view(await said(accounts.enable(name), { name })),
    'users.setPassword': async ({ name, password }) => {
      await said(accounts.setPassword(name, password), { name, password })
      const user = await accounts.userByName(name)
      if (!user) throw refuse('NOT_FOUND', 'user.notFound', { name })
      return view(user)
    },
    'users.signOutEverywhere': async ({ name }) => ({
      sessions: await said(accounts.revokeSessions(name), { name }),
    }),
  }

  return {
    owns: (call): call is UsersCall =>
      call.startsWith('users.') && Object.prototype.hasOwnProperty.call(handlers, call),
    handle: (call, request, caller) =>
      settle(
        call,
        request,
        (valid) => (handlers[call] as (r: unknown, c: SessionInfo) => unknown)(valid, caller),
        log,
      ),
  }
}

/**
 * The store's answer, or its refusal as the console shows it: at the field it is about, in the
 * operator's language. A refusal of another kind is no user's mistake and stays an error.
 */
async function said<T>(
  doing: Promise<T>,
  request: { name: string; password?: string },
): Promise<T> {
  try {
    return await doing
  } catch (err) {
    if (!(err instanceof AccountError)) throw err
    const { name } = request
    switch (err.code) {
      case 'WEAK_PASSWORD': {
        const issue = passwordIssue(request.password ?? '', name)
        // The store's rule and the shared one are the same; its own words if they ever differ.
        if (!issue) throw new ApiError('BAD_REQUEST', err.message).at('password')
        throw passwordRefusal(issue)
      }
      case 'BAD_NAME':
        throw refuse('BAD_REQUEST', 'user.badName', { max: MAX_USER_NAME }).at('name')
      case 'NAME_TAKEN':
        throw refuse('CONFLICT', 'user.nameTaken', { name }).at('name')
      case 'NOT_FOUND':
        throw refuse('NOT_FOUND', 'user.notFound', { name })
      case 'LAST_ADMINISTRATOR':
        throw refuse('CONFLICT', 'user.lastAdministrator', { name })
      default:
        throw err
    }
  }
}

function passwordRefusal(issue: PasswordIssue): ApiError {
  switch (issue) {
    case 'empty':
      return refuse('BAD_REQUEST', 'password.empty').at('password')
    case 'long':
      return refuse('BAD_REQUEST', 'password.long', { max: MAX_PASSWORD_LENGTH }).at('password')
    case 'spaces':
      return refuse('BAD_REQUEST', 'password.spaces').at('password')
    case 'short':
      return refuse('BAD_REQUEST', 'password.short', { min: MIN_PASSWORD_LENGTH }).at('password')
    case 'name':
      return refuse('BAD_REQUEST', 'password.isName').at('password')
  }
}
