/**
 * The contacts' names of the numbers on screen, for every list that shows a number: asked of
 * main in one call for all the numbers that appear at once, kept until a contact changes.
 */
import { useEffect } from 'react'
import { create } from 'zustand'
import { call, onEvent } from '../api/client'
import { batchedLookup } from './batched-lookup'

interface NamesState {
  /** By number (digits only): its contact's name, or null when it has none. */
  names: ReadonlyMap<string, string | null>
}

export const useContactNames = create<NamesState>(() => ({ names: new Map() }))

/** Numbers shown for the first time are asked for together (the call takes 500). */
const want = batchedLookup(async (phones) => {
  let found: Record<string, string> = {}
  try {
    found = await call('contacts.names', { phones })
  } catch {
    // Shown without names; asked again when a contact changes.
  }
  const names = new Map(useContactNames.getState().names)
  for (const p of phones) names.set(p, found[p] ?? null)
  useContactNames.setState({ names })
})

/** A contact saved or removed: that number's name; bulk changes: every name, asked again. */
let listening = false
function listen(): void {
  if (listening) return
  listening = true
  onEvent('contact.updated', ({ phone, contact }) => {
    const names = new Map(useContactNames.getState().names)
    names.set(phone, contact?.name ? contact.name : null)
    useContactNames.setState({ names })
  })
  onEvent('contacts.changed', () => useContactNames.setState({ names: new Map() }))
}

/** The name of this number's contact, or null (none, or not known yet). */
export function useContactName(phone: string): string | null {
  const name = useContactNames((s) => s.names.get(phone))
  useEffect(() => {
    listen()
    if (name === undefined && /^\d{5,20}$/.test(phone)) want(phone)
  }, [phone, name])
  return name ?? null
}
