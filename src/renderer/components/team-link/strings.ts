/** Strings of the team server's badge and dialog (English and Russian, same keys). */
import type { HandoverState, LinkState } from '../../../shared/calls/team-link'
import { useLang } from '../../stores/lang'
import { plural } from '../../plural'

type Role = 'agent' | 'supervisor' | 'administrator'

const en = {
  title: 'Team server',
  badge: {
    off: 'Team server: none',
    connecting: 'Team server: connecting…',
    online: (user: string, role: string) => `Team server: online as ${user} (${role})`,
    offline: (waiting: number, n: string) =>
      waiting > 0
        ? `Team server unreachable — ${n} ${plural('en', waiting, { one: 'send', other: 'sends' })} waiting`
        : 'Team server unreachable',
    signedOut: 'Team server: sign in again',
  },
  roles: { agent: 'agent', supervisor: 'supervisor', administrator: 'administrator' } as Record<
    Role,
    string
  >,
  states: {
    off: 'Not connected: this console works on its own data',
    connecting: 'Connecting…',
    online: 'Online',
    offline: 'Unreachable',
    'signed-out': 'Signed out: sign in again',
  } as Record<LinkState, string>,
  intro:
    'With a team server, every agent of the office works on the same messages, conversations, contacts and stop-list. Without one, this console works on its own data.',
  url: 'Server address',
  urlHint: 'As the office gave it, e.g. https://team.office.tj:8443',
  user: 'User name',
  password: 'Password',
  connect: 'Connect',
  signIn: 'Sign in again',
  connecting: 'Connecting…',
  server: 'Server',
  signedInAs: 'Signed in as',
  state: 'State',
  certificate: 'Accepted certificate (SHA-256)',
  systemTrusted: 'Trusted by this computer',
  waiting: (n: number, said: string) =>
    `${said} ${plural('en', n, { one: 'send waits', other: 'sends wait' })} for the server: ${plural('en', n, { one: 'it goes', other: 'they go' })} once it is back, each once.`,
  failed: (n: number, said: string) =>
    `${said} ${plural('en', n, { one: 'send was', other: 'sends were' })} refused by the server:`,
  acceptTitle: 'Accept this certificate?',
  acceptIntro:
    'The server presented a certificate this computer does not vouch for. Accept it only if its fingerprint is exactly the one the server’s administrator gave you: compare it in full. Nothing has been sent to the server yet.',
  fingerprint: 'SHA-256 fingerprint',
  subject: 'Issued to',
  issuer: 'Issued by',
  validity: 'Valid',
  validRange: (from: string, to: string) => `from ${from} to ${to}`,
  accept: 'Accept this certificate and connect',
  dontAccept: 'Do not connect',
  disconnect: 'Sign out and work alone',
  dropAndDisconnect: (n: number, said: string) =>
    `Drop ${said} waiting ${plural('en', n, { one: 'send', other: 'sends' })} and sign out`,
  forget: 'Forget the accepted certificate',
  forgotten: 'Forgotten: the next connection shows the server’s certificate for acceptance.',
  close: 'Close',
  keptNotice:
    'Kept here: the team server is unreachable. It goes to the server once it is back, once.',
  handoverStates: {
    waiting: 'waiting',
    sending: 'being handed over',
    handed: 'handed over',
    failed: 'refused',
  } as Record<HandoverState, string>,
}

type Strings = typeof en

const ru: Strings = {
  title: 'Командный сервер',
  badge: {
    off: 'Командный сервер: нет',
    connecting: 'Командный сервер: подключение…',
    online: (user, role) => `Командный сервер: на связи как ${user} (${role})`,
    offline: (waiting, n) =>
      waiting > 0
        ? `Командный сервер недоступен — ждут ${n} ${plural('ru', waiting, { one: 'отправка', few: 'отправки', other: 'отправок' })}`
        : 'Командный сервер недоступен',
    signedOut: 'Командный сервер: войдите снова',
  },
  roles: { agent: 'агент', supervisor: 'супервизор', administrator: 'администратор' },
  states: {
    off: 'Не подключено: консоль работает со своими данными',
    connecting: 'Подключение…',
    online: 'На связи',
    offline: 'Недоступен',
    'signed-out': 'Сеанс завершён: войдите снова',
  },
  intro:
    'С командным сервером все операторы офиса работают с одними и теми же сообщениями, переписками, контактами и стоп-листом. Без него эта консоль работает со своими данными.',
  url: 'Адрес сервера',
  urlHint: 'Как его дали в офисе, например https://team.office.tj:8443',
  user: 'Имя пользователя',
  password: 'Пароль',
  connect: 'Подключиться',
  signIn: 'Войти снова',
  connecting: 'Подключение…',
  server: 'Сервер',
  signedInAs: 'Вход выполнен как',
  state: 'Состояние',
  certificate: 'Принятый сертификат (SHA-256)',
  systemTrusted: 'Этот компьютер доверяет ему',
  waiting: (n, said) =>
    `${plural('ru', n, { one: 'Ждёт', other: 'Ждут' })} сервер ${said} ${plural('ru', n, { one: 'отправка', few: 'отправки', other: 'отправок' })}: когда он вернётся, каждая уйдёт один раз.`,
  failed: (n, said) =>
    `Сервер отклонил ${said} ${plural('ru', n, { one: 'отправку', few: 'отправки', other: 'отправок' })}:`,
  acceptTitle: 'Принять этот сертификат?',
  acceptIntro:
    'Сервер предъявил сертификат, за который этот компьютер не ручается. Принимайте его, только если отпечаток в точности тот, что дал администратор сервера: сверьте его целиком. Серверу пока ничего не отправлено.',
  fingerprint: 'Отпечаток SHA-256',
  subject: 'Кому выдан',
  issuer: 'Кем выдан',
  validity: 'Действует',
  validRange: (from, to) => `с ${from} по ${to}`,
  accept: 'Принять сертификат и подключиться',
  dontAccept: 'Не подключаться',
  disconnect: 'Выйти и работать отдельно',
  dropAndDisconnect: (n, said) =>
    `Отказаться от ${said} ${plural('ru', n, { one: 'ожидающей отправки', other: 'ожидающих отправок' })} и выйти`,
  forget: 'Забыть принятый сертификат',
  forgotten: 'Забыт: при следующем подключении сертификат сервера будет показан для принятия.',
  close: 'Закрыть',
  keptNotice:
    'Сохранено здесь: командный сервер недоступен. Сообщение уйдёт на сервер, когда он вернётся, один раз.',
  handoverStates: {
    waiting: 'ждёт',
    sending: 'передаётся',
    handed: 'передано',
    failed: 'отклонено',
  },
}

export const teamLinkStrings = { en, ru }

export function useTeamLinkT(): Strings {
  return teamLinkStrings[useLang((s) => s.lang)]
}
