/**
 * Which calls the audit trail keeps, and what of each: every call that sends, spends, changes
 * or takes data away (a message sent, cancelled or resent, an import started, the stop-list, a
 * contact, a template, a profile or its credentials changed, an export written), never a read.
 * The table covers every call of the contract, so a new call cannot be left out by mistake.
 */
import type { CallName, Reply } from '../../shared/contract'
import type { Json } from '../core/team/audit'

export const AUDITED: Record<CallName, boolean> = {
  'app.info': false,
  'messages.send': true,
  'messages.estimate': false,
  'messages.recent': false,
  'messages.cancel': true,
  'messages.detail': false,
  'messages.resend': true,
  'messages.reschedule': true,
  'messages.scheduled': false,
  'messages.resolveUncertain': true,
  'import.begin': false,
  'import.chunk': false,
  'import.finish': false,
  'import.paste': false,
  'import.openFile': false,
  'import.fromContacts': false,
  'import.analyse': false,
  'import.validate': false,
  'import.rejected': false,
  'import.start': true,
  'import.discard': false,
  'batch.list': false,
  'batch.get': false,
  'batch.pause': true,
  'batch.resume': true,
  'batch.resumeImport': true,
  'batch.cancel': true,
  'batch.resendable': false,
  'batch.resendFailed': true,
  'stoplist.list': false,
  'stoplist.add': true,
  'stoplist.remove': true,
  'stoplist.clear': true,
  'stoplist.undoClear': true,
  'stoplist.reply': false,
  'stoplist.setReply': true,
  'stoplist.importUpload': true,
  'history.page': false,
  'history.count': false,
  'history.receipts': false,
  'history.exportCsv': true,
  'reports.checkStatus': false,
  'reports.batches': false,
  'reports.batch': false,
  'reports.spend': false,
  'reports.trends': false,
  'export.write': true,
  'export.read': false,
  'export.discard': false,
  'hlr.lookup': true,
  'hlr.results': false,
  'hlr.get': false,
  'numbers.free': false,
  'numbers.mine': false,
  'numbers.rent': true,
  'numbers.renewal': true,
  'reconcile.start': true,
  'reconcile.jobs': false,
  'reconcile.job': false,
  'reconcile.check': false,
  'reconcile.differences': false,
  'reconcile.adopt': true,
  'inbox.threads': false,
  'inbox.thread': false,
  'inbox.recent': false,
  'inbox.list': false,
  'inbox.customer': false,
  'inbox.numbers': false,
  'inbox.markRead': false,
  'contacts.list': false,
  'contacts.names': false,
  'contacts.tags': false,
  'filters.list': false,
  'groups.list': false,
  'contacts.save': true,
  'contacts.delete': true,
  'contacts.importUpload': true,
  'filters.save': true,
  'filters.delete': true,
  'groups.save': true,
  'groups.delete': true,
  'templates.list': false,
  'templates.save': true,
  'templates.delete': true,
  'profiles.list': false,
  'sessions.list': false,
  'profiles.balance': false,
  'profiles.resume': true,
  'profiles.get': false,
  'profiles.save': true,
  'profiles.test': true,
  'profiles.remove': true,
  'credentials.set': true,
  'credentials.clear': true,
  'sandbox.injectInbound': true,
  'sandbox.customerCalls': true,
  'verification.start': true,
  'verification.get': false,
  'verification.list': false,
  'storage.state': false,
  'users.me': false,
  'users.list': false,
  'users.create': true,
  'users.setRole': true,
  'users.disable': true,
  'users.enable': true,
  'users.setPassword': true,
  'users.signOutEverywhere': true,
  'audit.search': false,
  'team.status': false,
  'team.connect': false,
  'team.disconnect': false,
  'team.forgetCertificate': false,
  'team.handovers': false,
}

/** Fields never written to the trail: secrets, and bulk data that says nothing to a reader. */
const WITHHELD = /password|secret|token|data|chunk|base64|content/i
const MAX_TEXT = 200
const MAX_ITEMS = 20

/** What the trail keeps of an audited call (null: not audited): its target and details. */
export function auditEntryOf(
  call: string,
  request: unknown,
  reply: Reply<unknown>,
): { action: string; target: string | null; details: { [key: string]: Json } } | null {
  if (!Object.prototype.hasOwnProperty.call(AUDITED, call) || !AUDITED[call as CallName]) {
    return null
  }
  const req = (typeof request === 'object' && request !== null ? request : {}) as Record<
    string,
    unknown
  >
  const result = reply.ok ? reply.result : null
  const res = (typeof result === 'object' && result !== null ? result : {}) as Record<
    string,
    unknown
  >
  // What it was done to: the message or batch named, else the number (as the core normalised
  // it), else the profile, else what the call made.
  const target = [req.id, req.batchId, res.phone, req.phone, req.profileId, res.id, req.name]
    .filter(isScalar)
    .at(0)
  const details = kept(req, 0) as { [key: string]: Json }
  details.outcome = reply.ok ? 'done' : reply.error.code
  if (!reply.ok) details.refusal = reply.error.message.slice(0, MAX_TEXT)
  if (isScalar(res.id) && res.id !== target) details.result = res.id
  return { action: call, target: target === undefined ? null : String(target), details }
}

function isScalar(v: unknown): v is string | number {
  return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))
}

function kept(v: unknown, depth: number): Json {
  if (v === null || typeof v === 'boolean') return v
  if (typeof v === 'number') return Number.isFinite(v) ? v : null
  if (typeof v === 'string') return v.length > MAX_TEXT ? `${v.slice(0, MAX_TEXT)}…` : v
  if (depth > 3) return '…'
  if (Array.isArray(v)) {
    const items = v.slice(0, MAX_ITEMS).map((x) => kept(x, depth + 1))
    return v.length > MAX_ITEMS ? [...items, `… ${v.length} in all`] : items
  }
  if (typeof v === 'object') {
    const out: { [key: string]: Json } = {}
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      out[k] = WITHHELD.test(k) ? '(withheld)' : kept(x, depth + 1)
    }
    return out
  }
  return null
}
