import { describe, expect, it } from 'vitest'
import {
  CALLBACK_PROFILE_TTL_MS,
  createCallbackHandler,
} from '../../src/main/core/callbacks/handler'
import type { StoredProfile } from '../../src/main/core/providers/descriptor'
import { callbackSecret, signCallback } from '../../src/main/core/providers/smsc-http/callback'

const KEY = Buffer.alloc(32, 7)

function profile(callbacks: boolean): StoredProfile {
  return {
    id: 'office',
    name: 'Office SMSC',
    kind: 'smsc-http',
    sandbox: false,
    senders: ['Shop'],
    fallbackProfileId: null,
    settings: { provider: { callbacks } },
  }
}

/** A status SMSC posts for message `id`, signed with the office profile's secret. */
function status(id: string): Record<string, string> {
  const fields = { id, phone: '79161234567', status: '1', fmt: '3' }
  const md5 = signCallback('status', fields, callbackSecret(KEY, 'office'), 'md5')
  return { ...fields, md5 }
}

/** The handler over a profile store that counts its reads; the clock moves when told. */
function handler() {
  const stored = new Map<string, StoredProfile>([['office', profile(true)]])
  const reads: string[] = []
  const taken: string[] = []
  let clock = 1_000_000
  const answer = createCallbackHandler({
    key: KEY,
    profiles: {
      get: (id: string) => {
        reads.push(id)
        return Promise.resolve(stored.get(id) ?? null)
      },
    },
    runtimes: {
      callback: (profileId, c) => {
        taken.push(`${profileId}:${c.kind}`)
        return Promise.resolve([])
      },
    },
    log: Object.assign(() => {}, { mask: () => {}, file: '' }),
    now: () => clock,
  })
  const later = (ms: number) => (clock += ms)
  return { stored, reads, taken, answer, later }
}

describe("the team server's handler of SMSC's posts", () => {
  it('reads a profile once for the posts of the next few seconds, not once a post', async () => {
    const h = handler()
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => h.answer('office', status(String(1000 + i)))),
    )
    expect(answers.every((a) => a.status === 200)).toBe(true)
    expect(h.taken).toHaveLength(50)
    expect(h.reads).toEqual(['office'])
  })

  it('holds a change of the profile within that time: callbacks turned off, then refused', async () => {
    const h = handler()
    expect((await h.answer('office', status('1'))).status).toBe(200)
    h.stored.set('office', profile(false))
    h.later(CALLBACK_PROFILE_TTL_MS - 1)
    expect((await h.answer('office', status('2'))).status).toBe(200)
    h.later(1)
    expect(await h.answer('office', status('3'))).toEqual({
      status: 404,
      text: 'No handler for this profile',
    })
    expect(h.reads).toEqual(['office', 'office'])
    expect(h.taken).toEqual(['office:status', 'office:status'])
  })

  it('keeps nothing for a profile that does not exist: each post for it reads again', async () => {
    const h = handler()
    expect((await h.answer('nobody', status('1'))).status).toBe(404)
    expect((await h.answer('nobody', status('2'))).status).toBe(404)
    expect(h.reads).toEqual(['nobody', 'nobody'])
  })
})
