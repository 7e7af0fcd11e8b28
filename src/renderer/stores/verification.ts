/**
 * Numbers verified by the customer's call: each number's latest verification, asked of main for
 * the numbers on screen (all that appear at once in one call), then kept as main pushes them
 * (`verification.updated`: started here or in another window, or its call recorded). Read
 * again after a reconnection, when a push may have been missed.
 */
import { useEffect } from 'react'
import { create } from 'zustand'
import type { Verification } from '../../shared/calls/verification'
import { peerOf } from '../../shared/constants'
import { call, onEvent, transport } from '../api/client'
import { batchedLookup } from './batched-lookup'

interface VerificationsState {
  /** By number (digits only): its latest verification, or null when it has none. */
  latest: ReadonlyMap<string, Verification | null>
  /**
   * Asks the provider for the number the customer must call, through this profile; throws the
   * refusal (the repeat limit, a profile that is down) for the dialog to show.
   */
  start(profileId: string, phone: string): Promise<Verification>
}

export const useVerifications = create<VerificationsState>(() => ({
  latest: new Map(),
  async start(profileId, phone) {
    listen()
    const started = await call('verification.start', { profileId, phone })
    keep(started)
    return started
  },
}))

/** A verification as main said it, unless a newer one of the number is already here. */
function keep(v: Verification): void {
  const latest = new Map(useVerifications.getState().latest)
  const known = latest.get(v.phone)
  if (known && known.id > v.id) return
  latest.set(v.phone, v)
  useVerifications.setState({ latest })
}

/** Numbers shown for the first time are asked for together (the call takes 500). */
const want = batchedLookup(async (phones) => {
  let found: Verification[]
  try {
    found = await call('verification.list', { phones })
  } catch {
    // Shown as not verified; asked again at the next reconnection.
    return
  }
  const latest = new Map(useVerifications.getState().latest)
  for (const p of phones) if (!latest.get(p)) latest.set(p, null)
  for (const v of found) {
    const known = latest.get(v.phone)
    if (!known || known.id <= v.id) latest.set(v.phone, v)
  }
  useVerifications.setState({ latest })
})

let listening = false
function listen(): void {
  if (listening) return
  listening = true
  onEvent('verification.updated', keep)
  // Pushes missed while the connection was down: every number on screen is asked again.
  transport.onStatus((status) => {
    if (status !== 'open') return
    for (const phone of useVerifications.getState().latest.keys()) want(phone)
  })
}

/**
 * The latest verification of this number (any way it is written): null when it has none,
 * undefined until main has said.
 */
export function useLatestVerification(phone: string): Verification | null | undefined {
  const peer = peerOf(phone)
  const latest = useVerifications((s) => s.latest.get(peer))
  useEffect(() => {
    listen()
    if (latest === undefined && /^\d{5,20}$/.test(peer)) want(peer)
  }, [peer, latest])
  return latest
}
