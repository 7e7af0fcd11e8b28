/** Strings of the dedicated numbers screen, English and Russian with the same keys. */
type Kind = 'virtual' | 'sim-hosting' | 'other'

const en = {
  title: 'Dedicated numbers',
  profile: 'Provider profile',
  noProfiles: 'No profile rents dedicated numbers',
  noProfilesHint:
    'Dedicated numbers come with SMSC accounts: add an SMSC HTTP profile under Providers.',
  free: 'Free numbers',
  freeHint:
    'Numbers you can rent to receive replies. Renting charges the cost for the rest of this month.',
  refreshFree: 'Refresh free numbers',
  mine: 'Your numbers',
  mineHint: 'Numbers rented through this console. Auto-renewal rents the number again each month.',
  refreshMine: 'Refresh your numbers',
  loading: 'Loading…',
  loadFailed: (m: string) => `Could not load: ${m}`,
  noFree: 'The provider has no free numbers right now.',
  noMine: 'No numbers rented through this console yet.',
  colPhone: 'Number',
  colType: 'Type',
  colMonthly: 'Monthly cost',
  colCurrent: 'Cost this month',
  colInfo: 'Operator and features',
  colCharged: 'Charged',
  colRented: 'Rented',
  colRenewal: 'Auto-renewal',
  colActions: 'Actions',
  kinds: { virtual: 'Virtual', 'sim-hosting': 'SIM hosting', other: 'Other' } as Record<
    Kind,
    string
  >,
  typeCode: (n: number) => `type ${n}`,
  rent: 'Rent',
  rentNamed: (phone: string) => `Rent ${phone}`,
  confirmTitle: (phone: string) => `Rent ${phone}?`,
  confirmCharge: (amount: string) =>
    `Your account is charged ${amount} now, for the rest of this month.`,
  confirmMonthly: (amount: string) => `After that, ${amount} a month while auto-renewal is on.`,
  confirmRent: (amount: string) => `Rent for ${amount}`,
  cancel: 'Cancel',
  renting: 'Renting…',
  rented: (phone: string, amount: string) => `${phone} is yours; ${amount} was charged.`,
  renewalNamed: (phone: string) => `Auto-renewal for ${phone}`,
  renewalOn: 'On',
  renewalOff: 'Off',
  renewalFailed: (m: string) => `Renewal not changed: ${m}`,
}

type Strings = typeof en

const ru: Strings = {
  title: 'Выделенные номера',
  profile: 'Профиль провайдера',
  noProfiles: 'Нет профилей с арендой номеров',
  noProfilesHint:
    'Выделенные номера есть у аккаунтов SMSC: добавьте профиль SMSC HTTP в разделе «Провайдеры».',
  free: 'Свободные номера',
  freeHint:
    'Номера, которые можно арендовать для приёма ответов. При аренде списывается стоимость до конца месяца.',
  refreshFree: 'Обновить свободные номера',
  mine: 'Ваши номера',
  mineHint:
    'Номера, арендованные через эту консоль. Автопродление арендует номер снова каждый месяц.',
  refreshMine: 'Обновить ваши номера',
  loading: 'Загрузка…',
  loadFailed: (m: string) => `Не удалось загрузить: ${m}`,
  noFree: 'Сейчас у провайдера нет свободных номеров.',
  noMine: 'Через эту консоль ещё не арендовано ни одного номера.',
  colPhone: 'Номер',
  colType: 'Тип',
  colMonthly: 'В месяц',
  colCurrent: 'В этом месяце',
  colInfo: 'Оператор и возможности',
  colCharged: 'Списано',
  colRented: 'Арендован',
  colRenewal: 'Автопродление',
  colActions: 'Действия',
  kinds: { virtual: 'Виртуальный', 'sim-hosting': 'SIM-хостинг', other: 'Другой' },
  typeCode: (n: number) => `тип ${n}`,
  rent: 'Арендовать',
  rentNamed: (phone: string) => `Арендовать ${phone}`,
  confirmTitle: (phone: string) => `Арендовать ${phone}?`,
  confirmCharge: (amount: string) =>
    `С вашего счёта сейчас спишется ${amount} — до конца этого месяца.`,
  confirmMonthly: (amount: string) => `Далее ${amount} в месяц, пока включено автопродление.`,
  confirmRent: (amount: string) => `Арендовать за ${amount}`,
  cancel: 'Отмена',
  renting: 'Арендуем…',
  rented: (phone: string, amount: string) => `Номер ${phone} ваш; списано ${amount}.`,
  renewalNamed: (phone: string) => `Автопродление для ${phone}`,
  renewalOn: 'Вкл.',
  renewalOff: 'Выкл.',
  renewalFailed: (m: string) => `Автопродление не изменено: ${m}`,
}

export const numbersStrings = { en, ru }
