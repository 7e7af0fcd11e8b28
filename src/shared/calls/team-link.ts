/**
 * The console's link to a team server: which server it works with, as whom, whether the server
 * answers, and the sends kept here while it does not. These calls are the console's own: they
 * never travel to a server, whichever the console works with.
 */
// Calls and push events of this area, combined into the contract (src/shared/contract.ts).
import { z } from 'zod'
import { PhraseRefSchema } from '../domain'

export const LINK_STATES = ['off', 'connecting', 'online', 'offline', 'signed-out'] as const

/**
 * 'off': the console works alone, on its own data. 'connecting': its first connection to the
 * server is being opened. 'online': every call goes to the server. 'offline': the server does
 * not answer; new sends are kept here and handed over once it is back. 'signed-out': the
 * session ended (expired, signed out elsewhere, user disabled): the agent signs in again.
 */
export const LinkStateSchema = z.enum(LINK_STATES)
export type LinkState = z.infer<typeof LinkStateSchema>

export const LinkStatusSchema = z.object({
  state: LinkStateSchema,
  /** The server's address (https://host:port), null when the console works alone. */
  url: z.string().nullable(),
  user: z.string().nullable(),
  role: z.enum(['agent', 'supervisor', 'administrator']).nullable(),
  /** The accepted certificate's SHA-256 fingerprint, null when the system trusts the server's. */
  fingerprint: z.string().nullable(),
  /** Sends kept here, waiting for the server. */
  waiting: z.number().int(),
  /** Sends the server refused when they were handed over (team.handovers says why). */
  failed: z.number().int(),
  /** Why the server is not online (unreachable, certificate changed, session ended), if known. */
  problem: z.object({ message: z.string(), phrase: PhraseRefSchema.optional() }).nullable(),
})
export type LinkStatus = z.infer<typeof LinkStatusSchema>

/** What the agent must see to accept a certificate the system does not trust. */
export const CertificateViewSchema = z.object({
  /** The server it was presented by. */
  url: z.string(),
  /** SHA-256 of the certificate, as hex pairs separated by colons. */
  fingerprint: z.string(),
  subject: z.string(),
  issuer: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
})
export type CertificateView = z.infer<typeof CertificateViewSchema>

export const HANDOVER_STATES = ['waiting', 'sending', 'handed', 'failed'] as const
export const HandoverStateSchema = z.enum(HANDOVER_STATES)
export type HandoverState = z.infer<typeof HandoverStateSchema>

/** A send kept while the server was unreachable, and what became of it. */
export const HandoverSchema = z.object({
  id: z.number().int(),
  url: z.string(),
  idempotencyKey: z.string(),
  profileId: z.string(),
  phone: z.string(),
  text: z.string(),
  state: HandoverStateSchema,
  attempts: z.number().int(),
  createdAt: z.number(),
  handedAt: z.number().nullable(),
  /** The message's id on the server, once handed over. */
  messageId: z.number().int().nullable(),
  /** Why the server refused it. */
  error: z.string().nullable(),
})
export type Handover = z.infer<typeof HandoverSchema>

const serverUrl = z.string().trim().min(1).max(300)

export const teamLinkCalls = {
  'team.status': { request: z.object({}).strict(), response: LinkStatusSchema },
  /**
   * Signs in to a team server and works with it from now on. A certificate the system does not
   * trust is answered with `needsAcceptance` (nothing is sent to the server, the password least
   * of all) until the agent accepts its fingerprint; a certificate that changed on a server
   * already accepted is refused.
   */
  'team.connect': {
    request: z
      .object({
        url: serverUrl,
        user: z.string().trim().min(1).max(256),
        password: z.string().min(1).max(1024),
        /** The fingerprint the agent accepted, as needsAcceptance showed it. */
        acceptFingerprint: z.string().max(200).optional(),
      })
      .strict(),
    response: z.union([
      z.object({ status: LinkStatusSchema }),
      z.object({ needsAcceptance: CertificateViewSchema }),
    ]),
  },
  /**
   * Signs out and works alone again. Refused while sends wait for the server, unless the agent
   * chose to drop them (`dropWaiting`): they are then marked failed, never sent.
   */
  'team.disconnect': {
    request: z.object({ dropWaiting: z.boolean().optional() }).strict(),
    response: LinkStatusSchema,
  },
  /**
   * Forgets the certificate accepted for a server (its administrator renewed it): the next
   * connection shows the new one for acceptance.
   */
  'team.forgetCertificate': {
    request: z.object({ url: serverUrl }).strict(),
    response: z.object({ forgotten: z.boolean() }),
  },
  /** The sends kept for the server, the newest first. */
  'team.handovers': {
    request: z
      .object({
        state: HandoverStateSchema.optional(),
        limit: z.number().int().min(1).max(500).optional(),
      })
      .strict(),
    response: z.array(HandoverSchema),
  },
} as const

export const teamLinkEvents = {
  /** The link changed: state, server, user, or the sends waiting for it. */
  'team.status': LinkStatusSchema,
} as const
