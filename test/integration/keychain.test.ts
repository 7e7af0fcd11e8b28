// Credentials against a real Secret Service: gnome-keyring in its own D-Bus session, started
// by scripts/with-secret-service.mjs (npm run test:integration does that).
import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createKeychainVault } from '../../src/main/core/vault/vault'
import { SandboxSmsc } from '../../src/main/core/providers/smpp/sim'
import type { ProviderProfile } from '../../src/shared/contract'
import { withSecretService } from '../helpers/secret-service'
import { testCore } from '../helpers/test-core'
import { waitFor } from '../helpers/wait'

withSecretService('OS keychain', () => {
  const service = `sms-operator-console-test-${randomBytes(4).toString('hex')}`

  it('stores, reads and deletes one password per profile', async () => {
    const vault = createKeychainVault(service)
    expect(await vault.get('smsc-kz')).toBeNull()
    await vault.set('smsc-kz', 'first-password')
    await vault.set('other', 'second-password')
    expect(await vault.get('smsc-kz')).toBe('first-password')
    expect(await vault.get('other')).toBe('second-password')
    expect(await vault.delete('smsc-kz')).toBe(true)
    expect(await vault.get('smsc-kz')).toBeNull()
    expect(await vault.delete('other')).toBe(true)
  })
})

withSecretService('credentials through the console', () => {
  const password = `S3cret-${randomBytes(8).toString('hex')}`
  let smsc: SandboxSmsc
  const vault = createKeychainVault(`sms-operator-console-test-${randomBytes(4).toString('hex')}`)
  const t = testCore({ vault, smpp: { reconnectInitialMs: 50, reconnectMaxMs: 200 } })
  const states = () => t.pushed('session.state')

  beforeAll(async () => {
    // A provider that accepts only the password we are about to put in the keychain.
    smsc = new SandboxSmsc({ systemId: 'agent1', password })
    await smsc.start()
  })

  afterAll(async () => {
    await vault.delete('office')
    await smsc?.stop()
  })

  it('binds with the password from the keychain and never lets it out', async () => {
    const saved = await t.core.handle('profiles.save', {
      kind: 'smpp',
      id: 'office',
      name: 'Office SMPP',
      hosts: [{ host: '127.0.0.1', port: smsc.port }],
      tls: false,
      systemId: 'agent1',
      systemType: [],
      window: 10,
      ratePerSecond: 50,
      longMessageMode: 'udh',
      senders: ['Office'],
    })
    expect(saved).toMatchObject({ ok: true, result: { id: 'office', hasPassword: false } })

    const set = await t.core.handle('credentials.set', { profileId: 'office', password })
    expect(set).toEqual({ ok: true, result: { hasPassword: true } })
    await waitFor(
      () => states().some((s) => s.profileId === 'office' && s.status === 'bound'),
      'office profile bound',
    )

    const sent = await t.core.handle('messages.send', {
      profileId: 'office',
      sender: 'Office',
      phone: '+7 701 123 45 67',
      text: 'Your ticket is ready',
    })
    expect(sent.ok).toBe(true)
    await waitFor(() => smsc.submits.length === 1, 'the message reached the SMSC')

    const list = await t.core.handle('profiles.list', {})
    expect(
      list.ok && (list.result as ProviderProfile[]).find((p) => p.id === 'office')?.hasPassword,
    ).toBe(true)

    // Nothing that crosses the bridge, and nothing on disk, holds the password.
    const replies = JSON.stringify([
      saved,
      set,
      sent,
      list,
      await t.core.handle('sessions.list', {}),
    ])
    expect(replies).not.toContain(password)
    expect(JSON.stringify(states())).not.toContain(password)
    // A refused call that quotes its input must not echo the password either.
    const bad = await t.core.handle('credentials.set', { profileId: 'office', password, extra: 1 })
    expect(bad.ok).toBe(false)
    expect(JSON.stringify(bad)).not.toContain(password)

    await t.stop()
    for (const file of filesUnder(t.dir)) {
      expect(readFileSync(file).includes(Buffer.from(password)), file).toBe(false)
    }
    expect(existsSync(join(t.dir, 'console.db'))).toBe(true)
    // After a restart the password is still there: it lives in the keychain, not in memory.
    await t.restart()
    const again = await t.core.handle('profiles.list', {})
    expect(
      again.ok && (again.result as ProviderProfile[]).find((p) => p.id === 'office')?.hasPassword,
    ).toBe(true)
  })
})

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
}
