// Why a connection failed, in words for people: the errors a real socket gives here (a closed
// port, a plain port answering TLS), and, where no real failure can be made on this machine (no
// DNS, no unreachable network), errors shaped as Node's with their code.
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net'
import { connect as tlsConnect } from 'node:tls'
import { afterEach, describe, expect, it } from 'vitest'
import { NotSmppError, networkCause } from '../../src/main/core/providers/network-cause'
import { phraseText } from '../../src/shared/phrases'

const servers: Server[] = []
const sockets: Socket[] = []
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy()
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))))
})

async function listening(onSocket: (s: Socket) => void): Promise<number> {
  const server = createServer((s) => {
    sockets.push(s)
    onSocket(s)
  })
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return (server.address() as AddressInfo).port
}

/** A port nothing listens on: one that was just closed. */
async function closedPort(): Promise<number> {
  const port = await listening(() => {})
  const server = servers.pop()
  await new Promise((r) => server?.close(r))
  return port
}

const failureOf = (start: () => Socket) =>
  new Promise<Error>((resolve) => {
    const socket = start()
    sockets.push(socket)
    socket.once('error', resolve)
  })

describe('networkCause', () => {
  it('a closed port: nothing answers there, in English and in Russian', async () => {
    const port = await closedPort()
    const err = await failureOf(() => connect(port, '127.0.0.1'))
    const host = `127.0.0.1:${port}`
    const cause = networkCause(err, host)
    expect(cause).toEqual({ id: 'net.refused', params: { host, code: 'ECONNREFUSED' } })
    expect(phraseText(cause, 'en')).toBe(
      `nothing answers at ${host}: no service listens on that port, or a firewall refuses it (ECONNREFUSED)`,
    )
    expect(phraseText(cause, 'ru')).toMatch(new RegExp(`^по адресу ${host} никто не отвечает`))
  })

  it('TLS to a port that speaks plain text: that port has no TLS', async () => {
    const port = await listening((s) => s.end('HTTP/1.1 400 Bad Request\r\n\r\n'))
    const err = await failureOf(() =>
      tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: true }),
    )
    expect(networkCause(err, `127.0.0.1:${port}`)?.id).toBe('net.notTls')
  })

  it('an SMPP reader that meets another protocol names it', () => {
    const head = (text: string) => Buffer.from(text, 'latin1').readUInt32BE(0)
    expect(new NotSmppError(head('HTTP')).speaks).toBe('HTTP')
    expect(new NotSmppError(0x16030100).speaks).toBe('TLS')
    expect(new NotSmppError(0x7fffffff).speaks).toBe('')
    const cause = networkCause(new NotSmppError(head('HTTP')), 'smsc.example:2775')
    expect(phraseText(cause, 'en')).toBe(
      'smsc.example:2775 does not speak SMPP: that port speaks HTTP. Check the port, and whether the SMSC wants TLS',
    )
    expect(phraseText(cause, 'ru')).toContain('не работает по SMPP: этот порт отвечает по HTTP')
  })

  it('every other failure Node names by its code (shaped as Node makes them: no such network here)', () => {
    const failed = (code: string) => Object.assign(new Error(`connect ${code}`), { code })
    const ids = ['ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ECONNRESET']
    expect(ids.map((code) => networkCause(failed(code), 'h:1')?.id)).toEqual([
      'net.unknownHost',
      'net.unknownHost',
      'net.noRoute',
      'net.noRoute',
      'net.timedOut',
      'net.closed',
    ])
    expect(networkCause(failed('CERT_HAS_EXPIRED'), 'h:1')?.id).toBe('net.certificate')
    // Not a network failure: the caller keeps its own words.
    expect(networkCause(new Error('bind refused'), 'h:1')).toBeNull()
    expect(networkCause('text', 'h:1')).toBeNull()
  })
})
