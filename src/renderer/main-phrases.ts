/**
 * Main's fixed phrases in the operator's language. Main's refusals and failures come with a
 * phrase id (src/shared/phrases.ts) and are worded by it. What comes without one is translated
 * here by its shape: the checks of a request (the schemas' own messages and zod's defaults) and a
 * broken-off import's stored text; anything else (a provider's words, a file name, a number) is
 * shown as it came.
 */
import { phraseText } from '../shared/phrases'
import type { Lang } from './i18n'

type Rule = [RegExp, (m: RegExpExecArray) => string]

const RU: Rule[] = [
  // The schemas' own messages (shared/domain.ts, shared/calls).
  [/^phone is required$/, () => 'Укажите номер телефона'],
  [/^phone is too long$/, () => 'Слишком длинный номер телефона'],
  [
    /^phone may hold digits, spaces, brackets, dashes and a leading \+$/,
    () => 'В номере телефона допустимы цифры, пробелы, скобки, дефисы и + в начале',
  ],
  [/^sender is required$/, () => 'Укажите отправителя'],
  [/^sender is too long$/, () => 'Слишком длинное имя отправителя'],
  [/^text is required$/, () => 'Введите текст'],
  [/^text is longer than (\d+) characters$/, (m) => `Текст длиннее ${m[1]} символов`],
  [/^base URL must be an http\(s\) address$/, () => 'Базовый URL должен быть адресом http(s)'],
  [/^each channel may appear once$/, () => 'Каждый канал можно указать только один раз'],
  [
    /^host must be a DNS name or IPv4 address$/,
    () => 'Хост должен быть DNS-именем или адресом IPv4',
  ],
  [/^phone filter is too long$/, () => 'Слишком длинный фильтр по номеру'],
  [/^phone filter may hold digits only$/, () => 'В фильтре по номеру допустимы только цифры'],
  [
    /^phone filter may hold digits, spaces, brackets, dashes and \+$/,
    () => 'В фильтре по номеру допустимы цифры, пробелы, скобки, дефисы и +',
  ],
  [/^text filter is too long$/, () => 'Слишком длинный фильтр по тексту'],
  [/^search is too long$/, () => 'Слишком длинный поисковый запрос'],
  [/^give at least one number$/, () => 'Укажите хотя бы один номер'],
  [/^an entry is longer than (\d+) characters$/, (m) => `Запись длиннее ${m[1]} символов`],
  [/^nothing pasted$/, () => 'Ничего не вставлено'],
  [/^the file is empty$/, () => 'Файл пуст'],
  [/^the template is empty$/, () => 'Шаблон пуст'],
  [/^the date range ends before it starts$/, () => 'Конец периода раньше его начала'],
  // zod's default messages.
  [/^Too small: expected string to have >=1 characters$/, () => 'Заполните это поле'],
  [
    /^Too small: expected string to have (?:>=|exactly )(\d+) characters$/,
    (m) => `Не короче ${m[1]} символов`,
  ],
  [
    /^Too big: expected string to have (?:<=|exactly )(\d+) characters$/,
    (m) => `Не длиннее ${m[1]} символов`,
  ],
  [/^Too small: expected array to have >=(\d+) items$/, (m) => `Нужно не меньше ${m[1]}`],
  [/^Too big: expected array to have <=(\d+) items$/, (m) => `Не больше ${m[1]}`],
  [/^Too small: expected (?:number|int|bigint) to be >=(\S+)$/, (m) => `Не меньше ${m[1]}`],
  [/^Too small: expected (?:number|int|bigint) to be >(\S+)$/, (m) => `Больше ${m[1]}`],
  [/^Too big: expected (?:number|int|bigint) to be <=(\S+)$/, (m) => `Не больше ${m[1]}`],
  [/^Too big: expected (?:number|int|bigint) to be <(\S+)$/, (m) => `Меньше ${m[1]}`],
  [/^Invalid input: expected (?:number|int), received \w+$/, () => 'Введите число'],
  [/^Invalid URL$/, () => 'Неверный URL'],
  [/^Invalid option: expected one of ([\s\S]*)$/, (m) => `Допустимые значения: ${m[1]}`],
  [/^Unrecognized keys?: ([\s\S]*)$/, (m) => `Лишние поля: ${m[1]}`],
  [/^Invalid (?:input|string)\b[\s\S]*$/, () => 'Неверное значение'],
  // A batch whose import broke off (stored with the batch): the cause stays as main said it
  // unless it is one of the phrases above.
  [/^The import stopped: ([\s\S]*)$/, (m) => `Импорт остановлен: ${ru(m[1] ?? '')}`],
  // The router's answer to a request its schema refused (its other answers have phrase ids).
  [
    /^Invalid request for ([\w.]+): ([\s\S]*)$/,
    (m) =>
      `Неверный запрос ${m[1]}: ${(m[2] ?? '')
        .split('; ')
        .map((part) =>
          part.replace(
            /^([^:]*): ([\s\S]*)$/,
            (_, at: string, what: string) => `${at}: ${ru(what)}`,
          ),
        )
        .join('; ')}`,
  ],
]

function ru(text: string): string {
  for (const [re, to] of RU) {
    const m = re.exec(text)
    if (m) return to(m)
  }
  return text
}

/** One of main's messages in `lang`; a text it does not know is returned unchanged. */
export function mainPhrase(text: string, lang: Lang): string {
  return lang === 'ru' ? ru(text) : text
}

/**
 * A message of main's that may come with a phrase: worded by the phrase when this renderer knows
 * it and its values fit, else by its shape, else as main said it. English is main's own text.
 */
export function mainSays(text: string, phrase: unknown, lang: Lang): string {
  if (lang !== 'en' && phrase !== undefined) {
    const said = phraseText(phrase, lang)
    if (said !== null) return said
  }
  return mainPhrase(text, lang)
}
