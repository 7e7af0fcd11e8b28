/** A reason code's words in every language of the console. */
export interface ReasonTexts {
  en: string
  ru: string
}

export type ReasonTable = Readonly<Record<string, ReasonTexts>>

export const t = (en: string, ru: string): ReasonTexts => ({ en, ru })
