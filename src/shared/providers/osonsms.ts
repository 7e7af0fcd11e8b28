/**
 * OsonSMS: what the renderer may know of this provider too. Its reason codes, from the
 * provider's documented error and status codes, in every language of the console; its profile
 * form, as data the Providers screen renders.
 */
import type { ProfileInput } from '../domain'
import { httpDraftOf, httpInputOf, httpSections, nullable, text, type ProviderForm } from './form'
import { t, type ReasonTable } from './reasons'

const OSONSMS: ReasonTable = {
  'osonsms:100': t(
    'A mandatory field is missing from the request: check the sender, number and text',
    'Обязательное поле отсутствует в запросе: проверьте отправителя, номер и текст',
  ),
  'osonsms:105': t(
    'The login is blocked (inactive or non-existent account): check the login in the profile',
    'Логин заблокирован: проверьте логин в профиле',
  ),
  'osonsms:106': t(
    'Incorrect hash: check the login and pass_salt_hash in the profile',
    'Некорректный хеш: проверьте логин и pass_salt_hash в профиле',
  ),
  'osonsms:107': t('Incorrect sender name', 'Неправильный отправитель: проверьте имя отправителя'),
  'osonsms:108': t(
    'A message with this txn_id is already registered: it is not sent twice',
    'Смс с таким txn_id уже зарегистрирована: повторно не отправляется',
  ),
  'osonsms:108:no-msg-id': t(
    'Accepted by an earlier attempt with the same txn_id and not sent twice; the answer carries no msg_id, which a status query needs, so no delivery report can follow',
    'Принято при предыдущей попытке с тем же txn_id и повторно не отправляется; в ответе нет msg_id, без которого статус не запросить, поэтому отчёта о доставке не будет',
  ),
  'osonsms:109': t(
    'Unable to store the message; it will be sent again with the same txn_id',
    'Невозможно сохранить смс; сообщение будет отправлено снова с тем же txn_id',
  ),
  'osonsms:112': t(
    'Error while sending; it will be sent again with the same txn_id',
    'Ошибка при отправке смс; сообщение будет отправлено снова с тем же txn_id',
  ),
  'osonsms:113': t(
    'Unable to connect to the SMS centre; it will be sent again with the same txn_id',
    'Невозможно подключиться к смс-центру; сообщение будет отправлено снова с тем же txn_id',
  ),
  'osonsms:114': t(
    "The client's IP address is not in the whitelist: ask OsonSMS to add this computer's address",
    'IP-адрес клиента не указан в белом списке: попросите OsonSMS добавить адрес этого компьютера',
  ),
  'osonsms:119': t(
    'Not enough money on the balance (overdraft limit reached): top up, then resume the profile',
    'Недостаточно средств на балансе: пополните баланс, затем возобновите профиль',
  ),
  'osonsms:other': t('OsonSMS refused the request', 'OsonSMS отклонил запрос'),
}

export const OSONSMS_REASONS: ReasonTable = {
  ...OSONSMS,
}

type Input = Extract<ProfileInput, { kind: 'osonsms' }>

export const OSONSMS_FORM: ProviderForm = {
  sections: httpSections({
    options: [
      {
        type: 'row',
        fields: [
          { type: 'text', key: 'defaultSender', label: 'defaultSender' },
          { type: 'text', key: 'currency', label: 'currency', placeholder: 'TJS' },
        ],
      },
    ],
  }),
  secretLabel: () => 'secretSalt',
  draftOf(input, d) {
    const i = input as Input
    return {
      ...httpDraftOf(i, d),
      defaultSender: text(i.defaultSender),
      currency: text(i.currency),
    }
  },
  inputOf: (d, common) => ({
    ...httpInputOf(d, common),
    kind: 'osonsms',
    defaultSender: nullable(d.defaultSender),
    currency: nullable(d.currency),
  }),
}
