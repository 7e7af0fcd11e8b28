/** Whether the renderer can reach main at all (always 'open' inside Electron). */
import { create } from 'zustand'
import { transport, type ConnectionStatus } from '../api/client'

export const useConnection = create<{ status: ConnectionStatus }>(() => ({
  status: transport.status(),
}))

transport.onStatus((status) => useConnection.setState({ status }))
