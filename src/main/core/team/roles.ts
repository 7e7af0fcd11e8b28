/**
 * Who may do what on a team server. Three roles, each allowed everything of the one below:
 * an agent sends one-off messages, answers customers and reads what the console knows; a
 * supervisor also runs bulk campaigns and imports, keeps the stop-list, the templates and the
 * contacts, and reads reports and exports for everyone; an administrator also manages users,
 * provider profiles and their credentials, and the server's own machinery.
 *
 * The server checks every call against this table before its handler runs: what a screen hides
 * is a convenience, never the protection. The table is typed by every call of the contract, so
 * a call added without deciding who may make it does not compile.
 */
import type { CallName } from '../../../shared/contract'

export const ROLES = ['agent', 'supervisor', 'administrator'] as const
export type Role = (typeof ROLES)[number]

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}

/** Whether `role` includes everything `least` may do. */
export function atLeast(role: Role, least: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(least)
}

/** The least role each call needs. Where a call's reach was in doubt, the higher role. */
export const CALL_ROLES: Record<CallName, Role> = {
  'app.info': 'agent',

  // One-off messages: an agent's daily work, their own mistakes included (cancel, reschedule,
  // resend) and their word on a message whose submit got no answer.
  'messages.send': 'agent',
  'messages.estimate': 'agent',
  'messages.recent': 'agent',
  'messages.cancel': 'agent',
  'messages.detail': 'agent',
  'messages.resend': 'agent',
  'messages.reschedule': 'agent',
  'messages.scheduled': 'agent',
  'messages.resolveUncertain': 'agent',

  // A file's upload and analysis only ever feed a bulk send, a contacts import or a stop-list
  // import: all of them the supervisor's.
  'import.begin': 'supervisor',
  'import.chunk': 'supervisor',
  'import.finish': 'supervisor',
  'import.paste': 'supervisor',
  'import.openFile': 'supervisor',
  'import.fromContacts': 'supervisor',
  'import.analyse': 'supervisor',
  'import.validate': 'supervisor',
  'import.rejected': 'supervisor',
  'import.start': 'supervisor',
  'import.discard': 'supervisor',
  'batch.list': 'supervisor',
  'batch.get': 'supervisor',
  'batch.pause': 'supervisor',
  'batch.resume': 'supervisor',
  'batch.resumeImport': 'supervisor',
  'batch.cancel': 'supervisor',
  'batch.resendable': 'supervisor',
  'batch.resendFailed': 'supervisor',

  // An agent may look a number up on the stop-list; changing it, or the answer an opt-out gets,
  // is the supervisor's.
  'stoplist.list': 'agent',
  'stoplist.add': 'supervisor',
  'stoplist.remove': 'supervisor',
  'stoplist.clear': 'supervisor',
  'stoplist.undoClear': 'supervisor',
  'stoplist.reply': 'supervisor',
  'stoplist.setReply': 'supervisor',
  'stoplist.importUpload': 'supervisor',

  // The history of messages and a message's reports; a whole filtered set written out, and the
  // reports across everyone's sends, are the supervisor's.
  'history.page': 'agent',
  'history.count': 'agent',
  'history.receipts': 'agent',
  'history.exportCsv': 'supervisor',
  'reports.checkStatus': 'agent',
  'reports.batches': 'supervisor',
  'reports.batch': 'supervisor',
  'reports.spend': 'supervisor',
  'reports.trends': 'supervisor',

  // Every export (history, stop-list, contacts, HLR results, reports) takes a whole list away.
  'export.write': 'supervisor',
  'export.read': 'supervisor',
  'export.discard': 'supervisor',

  // HLR lookups are an agent's; renting numbers spends the provider account's money every
  // month, so it is the administrator's, and the list of what is rented the supervisor's.
  'hlr.lookup': 'agent',
  'hlr.results': 'agent',
  'hlr.get': 'agent',
  'numbers.free': 'administrator',
  'numbers.mine': 'supervisor',
  'numbers.rent': 'administrator',
  'numbers.renewal': 'administrator',

  // The provider's own record of what was sent, reconciled with ours: the office's accounts,
  // read for everyone; adopting the provider's status settles uncertain messages of anyone's.
  'reconcile.start': 'supervisor',
  'reconcile.jobs': 'supervisor',
  'reconcile.job': 'supervisor',
  'reconcile.check': 'supervisor',
  'reconcile.differences': 'supervisor',
  'reconcile.adopt': 'supervisor',

  // Conversations with customers.
  'inbox.threads': 'agent',
  'inbox.thread': 'agent',
  'inbox.recent': 'agent',
  'inbox.list': 'agent',
  'inbox.customer': 'agent',
  'inbox.numbers': 'agent',
  'inbox.markRead': 'agent',

  // Contacts, their groups and saved filters: read by everyone, changed by a supervisor.
  'contacts.list': 'agent',
  'contacts.names': 'agent',
  'contacts.tags': 'agent',
  'filters.list': 'agent',
  'groups.list': 'agent',
  'contacts.save': 'supervisor',
  'contacts.delete': 'supervisor',
  'contacts.importUpload': 'supervisor',
  'filters.save': 'supervisor',
  'filters.delete': 'supervisor',
  'groups.save': 'supervisor',
  'groups.delete': 'supervisor',

  'templates.list': 'agent',
  'templates.save': 'supervisor',
  'templates.delete': 'supervisor',

  // An agent picks the profile to send through and sees whether it is connected and its
  // balance (none of it a secret); trying a paused account again (after its login or balance
  // failed) could lock it at the provider, so it is the supervisor's; a profile's settings,
  // its test with a typed password and its credentials are the administrator's.
  'profiles.list': 'agent',
  'sessions.list': 'agent',
  'profiles.balance': 'agent',
  'profiles.resume': 'supervisor',
  'profiles.get': 'administrator',
  'profiles.save': 'administrator',
  'profiles.test': 'administrator',
  'profiles.remove': 'administrator',
  'credentials.set': 'administrator',
  'credentials.clear': 'administrator',

  // The simulators put messages into the shared inbox as if customers wrote them (or called).
  'sandbox.injectInbound': 'administrator',
  'sandbox.customerCalls': 'administrator',

  // Verifying a customer's number by their call is part of talking to them: the agent's.
  'verification.start': 'agent',
  'verification.get': 'agent',
  'verification.list': 'agent',

  // Whether the server's disk takes writes: every console says so, as sends wait meanwhile.
  'storage.state': 'agent',

  // Anyone may ask who they are signed in as; the trail of everyone's doings is for reports
  // (the supervisor's); the users themselves are the administrator's.
  'users.me': 'agent',
  'audit.search': 'supervisor',
  'users.list': 'administrator',
  'users.create': 'administrator',
  'users.setRole': 'administrator',
  'users.disable': 'administrator',
  'users.enable': 'administrator',
  'users.setPassword': 'administrator',
  'users.signOutEverywhere': 'administrator',

  // A console's own link to its server: the console answers them itself and a server refuses
  // them whoever asks; the highest role all the same, as for anything of the server's machinery.
  'team.status': 'administrator',
  'team.connect': 'administrator',
  'team.disconnect': 'administrator',
  'team.forgetCertificate': 'administrator',
  'team.handovers': 'administrator',
}

/** Whether a user of this role may make this call; a name not in the contract, never. */
export function mayCall(role: Role, call: string): boolean {
  if (!Object.prototype.hasOwnProperty.call(CALL_ROLES, call)) return false
  return atLeast(role, CALL_ROLES[call as CallName])
}
