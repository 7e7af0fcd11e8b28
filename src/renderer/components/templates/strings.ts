/** Strings of the template library and its picker (English and Russian, same keys). */
import { plural } from '../../plural'

const en = {
  pick: 'Insert template',
  pickLabel: 'Templates to insert',
  search: 'Find a template',
  searchPlaceholder: 'Name or words of the text',
  none: 'No template yet. Save a text you send often, then pick it here.',
  noMatch: (q: string) => `No template has «${q}».`,
  loading: 'Loading templates…',
  failed: (m: string) => `Could not load the templates: ${m}`,
  manage: 'Manage templates…',
  saveAs: 'Save this text as a template…',
  title: 'Templates',
  list: 'Saved templates',
  newOne: 'New template',
  name: 'Name',
  text: 'Text',
  variables: (names: string[]) =>
    `${plural('en', names.length, { one: 'Variable', other: 'Variables' })}: ${names.map((n) => `{${n}}`).join(', ')}`,
  variablesHint:
    'Write {name} or #name# where a value goes: a bulk import fills it from the column of that name.',
  preview: 'Preview',
  parts: (n: number) => `${n} ${plural('en', n, { one: 'part', other: 'parts' })}`,
  save: 'Save',
  saved: (name: string) => `Saved «${name}».`,
  del: 'Delete',
  confirmDelete: (name: string) => `Delete «${name}»?`,
  deleted: (name: string) => `Deleted «${name}».`,
  yes: 'Delete',
  no: 'Keep',
  use: 'Use this text',
  close: 'Close',
  unfilled: (names: string[]) =>
    `The text still has ${plural('en', names.length, { one: 'a variable', other: 'variables' })} ${names.map((n) => `{${n}}`).join(', ')}: one message cannot fill ${plural('en', names.length, { one: 'it', other: 'them' })}, so write the value in.`,
}

const ru: typeof en = {
  pick: 'Вставить шаблон',
  pickLabel: 'Шаблоны для вставки',
  search: 'Найти шаблон',
  searchPlaceholder: 'Название или слова из текста',
  none: 'Шаблонов пока нет. Сохраните текст, который отправляете часто, и выбирайте его здесь.',
  noMatch: (q: string) => `Нет шаблона со словами «${q}».`,
  loading: 'Загрузка шаблонов…',
  failed: (m: string) => `Не удалось загрузить шаблоны: ${m}`,
  manage: 'Все шаблоны…',
  saveAs: 'Сохранить этот текст как шаблон…',
  title: 'Шаблоны',
  list: 'Сохранённые шаблоны',
  newOne: 'Новый шаблон',
  name: 'Название',
  text: 'Текст',
  variables: (names: string[]) =>
    `${plural('ru', names.length, { one: 'Переменная', other: 'Переменные' })}: ${names.map((n) => `{${n}}`).join(', ')}`,
  variablesHint:
    'Пишите {имя} или #имя# там, где нужно значение: при загрузке файла оно берётся из столбца с таким названием.',
  preview: 'Как будет выглядеть',
  parts: (n: number) => `${n} ${plural('ru', n, { one: 'часть', few: 'части', other: 'частей' })}`,
  save: 'Сохранить',
  saved: (name: string) => `Шаблон «${name}» сохранён.`,
  del: 'Удалить',
  confirmDelete: (name: string) => `Удалить «${name}»?`,
  deleted: (name: string) => `Шаблон «${name}» удалён.`,
  yes: 'Удалить',
  no: 'Оставить',
  use: 'Вставить этот текст',
  close: 'Закрыть',
  unfilled: (names: string[]) =>
    `В тексте ${plural('ru', names.length, { one: 'осталась переменная', other: 'остались переменные' })} ${names.map((n) => `{${n}}`).join(', ')}: в одиночном сообщении ${plural('ru', names.length, { one: 'её', other: 'их' })} некому заполнить — впишите значение.`,
}

export const templateStrings = { en, ru }
