// A reply that means "stop" in the region's languages is an opt-out; a sentence with the word
// in it is not.
import { expect, it } from 'vitest'
import { isOptOut } from '../../src/shared/stop-words'

it('knows the stop replies of every language the offices hear', () => {
  for (const reply of [
    'STOP',
    'Stop!',
    ' стоп ',
    'СТОП.',
    'Отписаться',
    'отказ',
    'Unsubscribe',
    "to'xtat",
    'To‘xtat',
    'bekor qilish',
    'Тўхтат',
    'бас',
    'Қатъ',
    'тоқтат',
    'Токтот',
    'баш тартуу',
  ]) {
    expect(isOptOut(reply), reply).toBe(true)
  }
})

it('a conversation that mentions stopping is not an opt-out', () => {
  for (const reply of [
    "Don't stop the delivery",
    'не надо стоп',
    'Где мой заказ?',
    'stop by tomorrow',
    'стопка',
    '',
  ]) {
    expect(isOptOut(reply), reply).toBe(false)
  }
})
