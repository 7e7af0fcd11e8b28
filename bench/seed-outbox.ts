// The messages History's benchmarks seed: the nth goes to the OsonSMS sandbox every third time,
// else to the SMPP one, with one of four texts in turn and a number of its own.
import type { NewMessage } from '../src/main/core/outbox/outbox'

const WORDS = ['Ваш заказ готов', 'Код подтверждения', 'Order shipped', 'Скидка 10% до пятницы']

export function benchMessage(n: number, over: Partial<NewMessage> = {}): NewMessage {
  return {
    profileId: n % 3 === 0 ? 'sandbox-osonsms' : 'sandbox',
    sender: 'InfoDesk',
    phone: `9929${String(n).padStart(8, '0')}`,
    text: `${WORDS[n % WORDS.length]} #${n}`,
    priority: 1,
    ...over,
  }
}
