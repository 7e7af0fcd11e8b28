/**
 * Replies that mean "stop sending me messages", in the languages of the region: a reply that
 * is one of these (in any case, with any punctuation or spaces around it) puts its number on
 * the stop-list. Only the whole reply counts: "stop" inside a sentence ("don't stop the
 * delivery") is a conversation, not an opt-out.
 */
const WORDS: Record<string, readonly string[]> = {
  // The usual SMS keywords.
  en: ['stop', 'stopall', 'stop all', 'unsubscribe', 'cancel', 'end', 'quit', 'opt out', 'optout'],
  ru: [
    'стоп',
    'отписаться',
    'отписка',
    'отказ',
    'отменить подписку',
    'не присылать',
    'не присылайте',
    'хватит',
  ],
  // Uzbek, in Latin and in Cyrillic letters.
  uz: [
    "to'xtat",
    "to'xtating",
    'toxtat',
    'bekor',
    'bekor qilish',
    'obunani bekor qilish',
    'тўхтат',
    'тухтат',
    'бекор',
    'бекор қилиш',
  ],
  tg: ['бас', 'қатъ', 'қатъ кардан', 'катъ', 'бас кунед'],
  kk: ['тоқтат', 'тоқтату', 'тоқта', 'токтат', 'токта', 'бас тарту', 'жазылымнан бас тарту'],
  ky: ['токтот', 'токтотуу', 'токто', 'баш тартуу', 'жазылуудан баш тартуу'],
}

const ALL: ReadonlySet<string> = new Set(Object.values(WORDS).flat())

/** A reply as the words are compared: lower case, ё as е, one kind of apostrophe, no edges. */
function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[’‘ʻʼ`´]/g, "'")
    .replace(/[\s\u00a0]+/g, ' ')
    .replace(/^[\s.,!?;:"«»()\-–—]+|[\s.,!?;:"«»()\-–—]+$/g, '')
}

export function isOptOut(text: string): boolean {
  return ALL.has(normalise(text))
}
