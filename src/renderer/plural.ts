/**
 * Words that follow a number, in the form the language's own plural rules want (CLDR, through
 * Intl.PluralRules): 1 строка, 2 строки, 5 строк, 21 строка; 1 row, 2 rows.
 */
import type { Lang } from './i18n'

const RULES: Record<Lang, Intl.PluralRules> = {
  en: new Intl.PluralRules('en-GB'),
  ru: new Intl.PluralRules('ru-RU'),
}

/** The forms a word takes; `other` stands in for any form not given. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }

export function plural(lang: Lang, n: number, forms: PluralForms): string {
  return forms[RULES[lang].select(n)] ?? forms.other
}
