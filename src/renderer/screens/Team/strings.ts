/** Strings of the Team screen (English and Russian, same keys). */
import type { TeamRole } from '../../../shared/calls/team'
import { MIN_PASSWORD_LENGTH } from '../../../shared/password-policy'
import { formatNumber } from '../../format'
import { plural } from '../../plural'
import { useLang } from '../../stores/lang'

const en = {
  title: 'Team',
  notHere: 'Users and the audit trail are kept by a team server: this console works on its own.',
  notAllowed: 'Your role shows no users or audit trail here.',
  signedInAs: (name: string, role: string) => `Signed in as ${name} (${role}).`,
  roles: {
    agent: 'Agent',
    supervisor: 'Supervisor',
    administrator: 'Administrator',
  } satisfies Record<TeamRole, string>,
  roleHints: {
    agent: 'Sends messages and answers customers.',
    supervisor: 'Also runs bulk campaigns, keeps the stop-list and reads every report.',
    administrator: 'Also manages users, provider profiles and their credentials.',
  } satisfies Record<TeamRole, string>,

  users: 'Users',
  refresh: 'Refresh',
  loading: 'Loading…',
  loadFailed: (m: string) => `Could not load: ${m}`,
  count: (n: number) =>
    `${formatNumber(n, 'en')} ${plural('en', n, { one: 'user', other: 'users' })}`,
  noUsers: 'No users yet.',
  colName: 'Name',
  colRole: 'Role',
  colState: 'State',
  colCreated: 'Created',
  colActions: 'Actions',
  active: 'Active',
  disabled: 'Disabled',
  you: '(you)',
  roleOf: (name: string) => `Role of ${name}`,
  newUser: 'New user…',
  disable: 'Disable',
  enable: 'Enable',
  resetPassword: 'New password…',
  signOut: 'Sign out everywhere',
  disableTitle: (name: string) => `Disable ${name}?`,
  disableBody:
    'They are signed out of every console at once and cannot sign in until enabled again. What they did stays in the trail.',
  disableYourself: 'This is you: this console is signed out too.',
  signOutTitle: (name: string) => `Sign ${name} out everywhere?`,
  signOutBody:
    'Every console they are signed in at stops working until they sign in again (a lost or shared computer).',
  confirmDisable: 'Disable',
  confirmSignOut: 'Sign out',
  cancel: 'Cancel',
  create: 'Create',
  save: 'Save',
  createTitle: 'New user',
  passwordTitle: (name: string) => `New password for ${name}`,
  passwordBody:
    'They are signed out of every console and sign in again with the new password. Tell it to them in person, not by message.',
  name: 'User name',
  nameHint: 'Letters and digits, with . _ - @ between them; no spaces. What they type to sign in.',
  password: 'Password',
  passwordHint: `At least ${MIN_PASSWORD_LENGTH} characters, and not the user name.`,
  show: 'Show',
  role: 'Role',
  created: (name: string) => `${name} can sign in now.`,
  roleChanged: (name: string, role: string) =>
    `${name} is now ${role}: it applies at their next step on every console.`,
  disabledDone: (name: string) => `${name} is disabled and signed out everywhere.`,
  enabledDone: (name: string) => `${name} can sign in again.`,
  passwordDone: (name: string) => `${name} signs in with the new password.`,
  signedOut: (name: string, n: number) =>
    n === 0
      ? `${name} was not signed in anywhere.`
      : `${name} was signed out of ${formatNumber(n, 'en')} ${plural('en', n, { one: 'console', other: 'consoles' })}.`,

  trail: 'Audit trail',
  trailHint:
    'Who sent, imported, cancelled, resent, changed the stop-list, a profile or a user: when and from where. Nothing in it can be changed.',
  filterUser: 'User',
  filterUserHint: 'Their sign-in name',
  filterAction: 'Action',
  anyAction: 'Any action',
  filterText: 'Words',
  filterTextHint: 'A number, a name, a message’s words…',
  filterFrom: 'From',
  filterTo: 'Before',
  search: 'Search',
  clear: 'Clear',
  colTime: 'Time',
  colUser: 'User',
  colAddress: 'Address',
  colAction: 'Action',
  colTarget: 'Target',
  colOutcome: 'Outcome',
  colDetails: 'Details',
  server: '(server)',
  nobody: '(not signed in)',
  done: 'Done',
  refused: (code: string) => `Refused (${code})`,
  noEntries: 'Nothing in the trail yet.',
  noMatch: 'No entry matches the filters.',
  shown: (n: number) =>
    `${formatNumber(n, 'en')} ${plural('en', n, { one: 'entry', other: 'entries' })} shown, newest first`,
  more: 'More',
  actionGroups: {
    'users.': 'Users changed',
    login: 'Signed in',
    'login.failed': 'Sign-in failed',
    'messages.': 'Messages',
    'import.': 'Imports',
    'batch.': 'Campaigns',
    'stoplist.': 'Stop-list',
    'contacts.': 'Contacts',
    'templates.': 'Templates',
    'profiles.': 'Provider profiles',
    'credentials.': 'Credentials',
    'export.': 'Exports',
  },
}

export type TeamStrings = typeof en

const ru: TeamStrings = {
  title: 'Команда',
  notHere:
    'Пользователи и журнал действий есть только на командном сервере: эта консоль работает сама по себе.',
  notAllowed: 'Вашей роли здесь не показываются ни пользователи, ни журнал действий.',
  signedInAs: (name, role) => `Вы вошли как ${name} (${role}).`,
  roles: {
    agent: 'Агент',
    supervisor: 'Супервизор',
    administrator: 'Администратор',
  },
  roleHints: {
    agent: 'Отправляет сообщения и отвечает клиентам.',
    supervisor: 'А также ведёт рассылки и стоп-лист и читает все отчёты.',
    administrator: 'А также управляет пользователями, профилями провайдеров и их паролями.',
  },

  users: 'Пользователи',
  refresh: 'Обновить',
  loading: 'Загрузка…',
  loadFailed: (m) => `Не удалось загрузить: ${m}`,
  count: (n) =>
    `${formatNumber(n, 'ru')} ${plural('ru', n, { one: 'пользователь', few: 'пользователя', many: 'пользователей', other: 'пользователя' })}`,
  noUsers: 'Пользователей пока нет.',
  colName: 'Имя',
  colRole: 'Роль',
  colState: 'Состояние',
  colCreated: 'Создан',
  colActions: 'Действия',
  active: 'Активен',
  disabled: 'Отключён',
  you: '(вы)',
  roleOf: (name) => `Роль пользователя ${name}`,
  newUser: 'Новый пользователь…',
  disable: 'Отключить',
  enable: 'Включить',
  resetPassword: 'Новый пароль…',
  signOut: 'Выйти на всех консолях',
  disableTitle: (name) => `Отключить пользователя ${name}?`,
  disableBody:
    'Он сразу выходит на всех консолях и не может войти, пока его снова не включат. Всё, что он сделал, остаётся в журнале.',
  disableYourself: 'Это вы: эта консоль тоже выйдет.',
  signOutTitle: (name) => `Завершить все сеансы пользователя ${name}?`,
  signOutBody:
    'Все консоли, где он вошёл, перестают работать, пока он не войдёт снова (потерянный или чужой компьютер).',
  confirmDisable: 'Отключить',
  confirmSignOut: 'Завершить',
  cancel: 'Отмена',
  create: 'Создать',
  save: 'Сохранить',
  createTitle: 'Новый пользователь',
  passwordTitle: (name) => `Новый пароль для ${name}`,
  passwordBody:
    'Он выходит на всех консолях и входит снова с новым паролем. Сообщите пароль лично, не сообщением.',
  name: 'Имя пользователя',
  nameHint: 'Буквы и цифры, между ними . _ - @; без пробелов. Это имя вводят при входе.',
  password: 'Пароль',
  passwordHint: `Не короче ${MIN_PASSWORD_LENGTH} символов и не совпадает с именем пользователя.`,
  show: 'Показать',
  role: 'Роль',
  created: (name) => `${name} может войти.`,
  roleChanged: (name, role) =>
    `Роль ${name} теперь «${role}»: она действует со следующего шага на всех консолях.`,
  disabledDone: (name) => `${name} отключён и вышел на всех консолях.`,
  enabledDone: (name) => `${name} снова может войти.`,
  passwordDone: (name) => `${name} входит с новым паролем.`,
  signedOut: (name, n) =>
    n === 0
      ? `${name} нигде не был в системе.`
      : `Сеансы ${name} завершены на ${formatNumber(n, 'ru')} ${plural('ru', n, { one: 'консоли', few: 'консолях', many: 'консолях', other: 'консоли' })}.`,

  trail: 'Журнал действий',
  trailHint:
    'Кто отправлял, импортировал, отменял, отправлял заново, менял стоп-лист, профиль или пользователя: когда и откуда. Ничего в нём изменить нельзя.',
  filterUser: 'Пользователь',
  filterUserHint: 'Имя для входа',
  filterAction: 'Действие',
  anyAction: 'Любое действие',
  filterText: 'Слова',
  filterTextHint: 'Номер, имя, слова сообщения…',
  filterFrom: 'С',
  filterTo: 'До',
  search: 'Найти',
  clear: 'Сбросить',
  colTime: 'Время',
  colUser: 'Пользователь',
  colAddress: 'Адрес',
  colAction: 'Действие',
  colTarget: 'Объект',
  colOutcome: 'Итог',
  colDetails: 'Подробности',
  server: '(сервер)',
  nobody: '(вход не выполнен)',
  done: 'Выполнено',
  refused: (code) => `Отказано (${code})`,
  noEntries: 'В журнале пока ничего нет.',
  noMatch: 'Нет записей, подходящих под фильтры.',
  shown: (n) =>
    `Показано ${formatNumber(n, 'ru')} ${plural('ru', n, { one: 'запись', few: 'записи', many: 'записей', other: 'записи' })}, сначала новые`,
  more: 'Ещё',
  actionGroups: {
    'users.': 'Изменения пользователей',
    login: 'Входы',
    'login.failed': 'Неудачные входы',
    'messages.': 'Сообщения',
    'import.': 'Импорт',
    'batch.': 'Рассылки',
    'stoplist.': 'Стоп-лист',
    'contacts.': 'Контакты',
    'templates.': 'Шаблоны',
    'profiles.': 'Профили провайдеров',
    'credentials.': 'Пароли провайдеров',
    'export.': 'Выгрузки',
  },
}

export const teamStrings = { en, ru }

export function useTeamT(): TeamStrings {
  return teamStrings[useLang((s) => s.lang)]
}
