/**
 * Types for `smpp@0.5.1` (it ships none), covering only what this project uses.
 * Written from node_modules/smpp/lib/{smpp,pdu,defs}.js. PDU fields are dynamic in the
 * library (params and TLVs become own properties), so they are typed `unknown`: narrow them.
 */
declare module 'smpp' {
  import type { EventEmitter } from 'node:events'
  import type { Server as NetServer, Socket } from 'node:net'
  import type { ConnectionOptions, TLSSocket } from 'node:tls'

  namespace smpp {
    /** Values a PDU can be built from: params, TLVs by name, and the header fields. */
    interface PduOptions {
      command_status?: number
      sequence_number?: number
      [field: string]: unknown
    }

    class PDU {
      /** Command name, e.g. 'submit_sm'; 'unknown' for an id the library does not know. */
      command: string
      command_length: number
      command_id: number
      command_status: number
      sequence_number: number;
      /** Params and TLVs (decoded by the library's filters, so shapes vary). */
      [field: string]: unknown
      /** Throws TypeError when `command` is not in `commands`; a Buffer is read as a whole PDU. */
      constructor(command: string | Buffer, options?: PduOptions)
      isResponse(): boolean
      /** `<command>_resp` with the same sequence number (generic_nack for 'unknown'). */
      response(options?: PduOptions): PDU
      toBuffer(): Buffer
      static maxLength: number
    }

    /** What `send` needs of a PDU: encoded elsewhere, numbered by the session. */
    interface EncodedPdu {
      command: string
      sequence_number: number
      isResponse(): boolean
      toBuffer(): Buffer
    }

    interface SessionOptions extends ConnectionOptions {
      host?: string
      port?: number
      /** Use tls.connect instead of net.connect (options go to it as they are). */
      tls?: boolean
      /** Wrap an accepted socket (server side) instead of connecting. */
      socket?: Socket
      /** Sends enquire_link every N ms; never checks for an answer. */
      auto_enquire_link_period?: number
    }

    class Session extends EventEmitter {
      constructor(options: SessionOptions)
      socket: Socket | TLSSocket
      /** Set on sessions accepted by a Server. */
      server?: Server
      sequence: number
      /**
       * Writes the PDU. Assigns `sequence_number` (when 0) to requests. Returns false
       * without writing when the socket is not writable. No timeout on responseCallback.
       */
      send(
        pdu: PDU | EncodedPdu,
        responseCallback?: (resp: PDU) => void,
        sendCallback?: (pdu: PDU) => void,
      ): boolean
      pause(): void
      /** Set by pause(): no PDU is taken off the socket until resume(). */
      paused?: boolean
      resume(): void
      /** Ends the socket (FIN). */
      close(callback?: () => void): void
      destroy(callback?: () => void): void

      on(event: 'pdu', listener: (pdu: PDU) => void): this
      on(event: 'connect' | 'secureConnect' | 'close', listener: () => void): this
      on(event: 'error', listener: (err: Error) => void): this
      on(event: 'send', listener: (pdu: PDU) => void): this
      on(event: string, listener: (pdu: PDU) => void): this
      once(event: 'close', listener: () => void): this
    }

    interface ServerOptions {
      /** With both key and cert a TLS server is created. */
      key?: string | Buffer
      cert?: string | Buffer
      [option: string]: unknown
    }

    class Server extends NetServer {
      sessions: Session[]
      on(event: 'session', listener: (session: Session) => void): this
      on(event: 'error', listener: (err: Error) => void): this
      on(event: 'close' | 'listening', listener: () => void): this
    }

    function createServer(options?: ServerOptions, listener?: (session: Session) => void): Server

    /** Registers a TLV the library does not know (a vendor's), by name and tag. */
    function addTLV(tag: string, options: { id: number; type: unknown }): void
    /** The library's value types; `tlv.cstring` for a vendor's text TLV. */
    const types: { tlv: Readonly<Record<string, unknown>> }

    const errors: Readonly<Record<string, number>>
    /** Command definitions by name (used to check that `<command>_resp` exists). */
    const commands: Readonly<Record<string, unknown>>
  }

  export = smpp
}
