/** Strings of the export buttons (English and Russian, same keys). */
import { formatNumber } from '../../format'
import { plural } from '../../plural'

const en = {
  csv: 'Export CSV',
  xlsx: 'Export Excel',
  exporting: (n: number) => `Exporting… ${formatNumber(n, 'en')} rows`,
  exported: (n: number) =>
    `Exported ${formatNumber(n, 'en')} ${plural('en', n, { one: 'row', other: 'rows' })}.`,
  failed: (m: string) => `The export failed: ${m}`,
  cancel: 'Cancel',
}

const ru: typeof en = {
  csv: 'Выгрузить CSV',
  xlsx: 'Выгрузить Excel',
  exporting: (n: number) => `Выгрузка… строк: ${formatNumber(n, 'ru')}`,
  exported: (n: number) => `Выгружено строк: ${formatNumber(n, 'ru')}.`,
  failed: (m: string) => `Выгрузить не удалось: ${m}`,
  cancel: 'Отменить',
}

export const exportStrings = { en, ru }
