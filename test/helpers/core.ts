// Calls into a core the way the bridge does, for integration tests.
import type { Core } from '../../src/main/core/types'
import type { CallName, CallRequest, CallResponse, Reply } from '../../src/shared/contract'

/** A typed call on the core `current()` returns: the result, or an Error naming the refusal. */
export function callerOf(current: () => Core) {
  return async function call<K extends CallName>(
    name: K,
    request: CallRequest<K>,
  ): Promise<CallResponse<K>> {
    const reply = (await current().handle(name, request)) as Reply<CallResponse<K>>
    if (!reply.ok) throw new Error(`${name}: ${reply.error.code} ${reply.error.message}`)
    return reply.result
  }
}
