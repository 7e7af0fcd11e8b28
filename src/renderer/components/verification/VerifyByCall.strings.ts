/** Strings of number verification by the customer's call, English and Russian with the same keys. */
const en = {
  action: 'Verify by call',
  actionFor: (phone: string) => `Verify ${phone} by the customer’s call`,
  title: (phone: string) => `Verify ${phone} by call`,
  through: 'Through',
  asking: 'Asking the provider for the number to call…',
  askAgain: 'Ask for a new number',
  tryAgain: 'Try again',
  failed: (m: string) => `No number to call: ${m}`,
  callThis: 'Ask the customer to call this number from their phone:',
  numberLabel: 'Number to call',
  allNumbers: 'The provider assigns one of these numbers',
  timeLeft: 'Time left to call',
  waiting: 'Waiting for the customer’s call…',
  verified: (at: string) => `Verified: the customer called at ${at}.`,
  expired: 'Expired: no call came in 15 minutes. Ask for a new number to try again.',
  close: 'Close',
  simulateCall: 'Call as the customer (sandbox)',
  simulated: (to: string) =>
    `The sandbox called +${to} from the customer’s number: the call arrives with the next check of replies.`,
  simulateFailed: (m: string) => `The sandbox could not call: ${m}`,
  badge: 'Verified',
  badgeTitle: (at: string) => `Number verified by the customer’s call, ${at}`,
  cardTitle: 'Verified by call',
  cardVerified: (at: string) => `the customer called ${at}`,
  cardWaiting: 'Waiting for the customer’s call',
  cardNot: 'Not verified',
}

type Strings = typeof en

const ru: Strings = {
  action: 'Подтвердить звонком',
  actionFor: (phone: string) => `Подтвердить номер ${phone} звонком клиента`,
  title: (phone: string) => `Подтверждение номера ${phone} звонком`,
  through: 'Через',
  asking: 'Запрашиваем у провайдера номер для звонка…',
  askAgain: 'Запросить новый номер',
  tryAgain: 'Повторить',
  failed: (m: string) => `Номер для звонка не получен: ${m}`,
  callThis: 'Попросите клиента позвонить со своего телефона на этот номер:',
  numberLabel: 'Номер для звонка',
  allNumbers: 'Провайдер назначает один из этих номеров',
  timeLeft: 'Осталось времени на звонок',
  waiting: 'Ждём звонка клиента…',
  verified: (at: string) => `Подтверждено: клиент позвонил в ${at}.`,
  expired:
    'Время истекло: за 15 минут звонка не было. Запросите новый номер, чтобы попробовать ещё раз.',
  close: 'Закрыть',
  simulateCall: 'Позвонить как клиент (песочница)',
  simulated: (to: string) =>
    `Песочница позвонила на +${to} с номера клиента: звонок придёт при следующей проверке ответов.`,
  simulateFailed: (m: string) => `Песочница не смогла позвонить: ${m}`,
  badge: 'Подтверждён',
  badgeTitle: (at: string) => `Номер подтверждён звонком клиента, ${at}`,
  cardTitle: 'Подтверждён звонком',
  cardVerified: (at: string) => `клиент позвонил ${at}`,
  cardWaiting: 'Ждём звонка клиента',
  cardNot: 'Не подтверждён',
}

export const verifyStrings = { en, ru }
