/**
 * GETSMS.UZ: what the renderer may know of this provider too. Its reason codes, from the
 * provider's documented error and status codes, in every language of the console; its profile
 * form, as data the Providers screen renders.
 */
import type { ProfileInput } from '../domain'
import { httpDraftOf, httpInputOf, httpSections, nullable, text, type ProviderForm } from './form'
import { t, type ReasonTable } from './reasons'

const GETSMS: ReasonTable = {
  'getsms:100': t('Login or password is missing', 'Не указан логин или пароль'),
  'getsms:101': t('Incorrect login or password', 'Неверный логин или пароль'),
  'getsms:102': t('The account is blocked', 'Аккаунт заблокирован'),
  'getsms:103': t('The message limit is used up', 'Лимит исчерпан'),
  'getsms:200': t('The message list is not JSON', 'Массив не является JSON'),
  'getsms:201': t('The message list is invalid', 'Неверный массив'),
  'getsms:202': t('No sender name (nickname) is set up', 'Не установлено альфа-имя (nickname)'),
  'getsms:203': t('Incorrect sender name (nickname)', 'Неверное альфа-имя (nickname)'),
  'getsms:300': t('Not a phone number', 'Не является номером телефона'),
  'getsms:400': t('Wrong request_id', 'Неверный request_id'),
  'getsms:other': t('GETSMS refused the request', 'GETSMS отклонил запрос'),
}

export const GETSMS_REASONS: ReasonTable = {
  ...GETSMS,
}

type Input = Extract<ProfileInput, { kind: 'getsms' }>

export const GETSMS_FORM: ProviderForm = {
  sections: httpSections({
    options: [
      {
        type: 'row',
        fields: [
          { type: 'text', key: 'nickname', label: 'nickname' },
          { type: 'text', key: 'shortNumber', label: 'shortNumber' },
        ],
      },
    ],
  }),
  secretLabel: () => 'secret',
  draftOf(input, d) {
    const i = input as Input
    return { ...httpDraftOf(i, d), nickname: text(i.nickname), shortNumber: text(i.shortNumber) }
  },
  inputOf: (d, common) => ({
    ...httpInputOf(d, common),
    kind: 'getsms',
    nickname: nullable(d.nickname),
    shortNumber: nullable(d.shortNumber),
  }),
}
