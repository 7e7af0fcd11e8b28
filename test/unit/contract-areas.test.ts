// The contract is the areas put together; a name two areas define must stop it from loading.
import { expect, it } from 'vitest'
import { combineAreas } from '../../src/shared/calls/combine'
import { calls, events } from '../../src/shared/contract'
import { inboxCalls } from '../../src/shared/calls/inbox'
import { messagesCalls } from '../../src/shared/calls/messages'

it('refuses a call that two areas define, naming it', () => {
  const clash = { 'messages.send': inboxCalls['inbox.recent'] }
  expect(() => combineAreas('call', messagesCalls, clash)).toThrow(
    'the call "messages.send" is defined by two areas',
  )
})

it('keeps each area’s own definition of its calls and events', () => {
  expect(calls['messages.send']).toBe(messagesCalls['messages.send'])
  expect(calls['inbox.recent']).toBe(inboxCalls['inbox.recent'])
  expect(Object.keys(events)).toContain('message.updated')
})
