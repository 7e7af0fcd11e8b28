/**
 * Text as a search compares it: lower case (Cyrillic too), ё as е. History's "contains" and a
 * contact's name search fold both sides this way.
 */
export function foldText(s: string): string {
  return s.toLowerCase().replace(/ё/g, 'е')
}
