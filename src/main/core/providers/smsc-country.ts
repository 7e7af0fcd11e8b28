/** SMSC's accounts: Kazakhstan's at smsc.kz, Russia's (smsc.ru) and every other mirror. */
export function smscCountry(endpoint: string | undefined): string {
  return /\.kz(?::\d+)?(?:\/|$)/i.test(endpoint ?? '') ? 'KZ' : 'RU'
}
