/** Strings of the inbox screen, English and Russian with the same keys. */
const en = {
  title: 'Inbox',
  numbers: 'Numbers',
  numbersHint: 'Messages by the number they were sent to',
  allNumbers: 'All numbers',
  numberLabel: (to: string, unread: number) =>
    unread === 0 ? `${to}, all read` : `${to}, ${unread} unread`,
  allLabel: (unread: number) =>
    unread === 0 ? 'All numbers, all read' : `All numbers, ${unread} unread`,
  messages: 'Messages',
  messagesTo: (to: string) => `Messages to ${to}`,
  unreadOnly: 'Unread only',
  markAllRead: 'Mark all as read',
  refresh: 'Refresh',
  loading: 'Loading…',
  loadFailed: (m: string) => `Could not load the inbox: ${m}`,
  actionFailed: (m: string) => `Could not mark as read: ${m}`,
  empty: 'No messages yet. Replies to your dedicated numbers appear here as they arrive.',
  emptyFiltered: 'No messages match this view.',
  colReceived: 'Received',
  colFrom: 'From',
  colTo: 'To',
  colText: 'Text',
  colProfile: 'Profile',
  colActions: 'Actions',
  unread: 'New',
  reply: 'Reply',
  replyTo: (from: string) => `Reply to ${from}`,
  markRead: 'Mark read',
  markReadNamed: (from: string) => `Mark the message from ${from} read`,
  loadMore: 'Load older messages',
}

type Strings = typeof en

const ru: Strings = {
  title: 'Входящие',
  numbers: 'Номера',
  numbersHint: 'Сообщения по номеру, на который они пришли',
  allNumbers: 'Все номера',
  numberLabel: (to: string, unread: number) =>
    unread === 0 ? `${to}, всё прочитано` : `${to}, непрочитанных: ${unread}`,
  allLabel: (unread: number) =>
    unread === 0 ? 'Все номера, всё прочитано' : `Все номера, непрочитанных: ${unread}`,
  messages: 'Сообщения',
  messagesTo: (to: string) => `Сообщения на ${to}`,
  unreadOnly: 'Только непрочитанные',
  markAllRead: 'Отметить все прочитанными',
  refresh: 'Обновить',
  loading: 'Загрузка…',
  loadFailed: (m: string) => `Не удалось загрузить входящие: ${m}`,
  actionFailed: (m: string) => `Не удалось отметить прочитанным: ${m}`,
  empty: 'Сообщений пока нет. Ответы на ваши выделенные номера появятся здесь, как только придут.',
  emptyFiltered: 'Нет сообщений для этого вида.',
  colReceived: 'Получено',
  colFrom: 'От',
  colTo: 'На номер',
  colText: 'Текст',
  colProfile: 'Профиль',
  colActions: 'Действия',
  unread: 'Новое',
  reply: 'Ответить',
  replyTo: (from: string) => `Ответить ${from}`,
  markRead: 'Прочитано',
  markReadNamed: (from: string) => `Отметить сообщение от ${from} прочитанным`,
  loadMore: 'Загрузить более старые',
}

export const inboxStrings = { en, ru }
