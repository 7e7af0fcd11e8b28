/** SMSC's accounts: Kazakhstan's at smsc.kz, Russia's (smsc.ru) and every other mirror. */
export function smscCountry(endpoint: string | undefined): string {
  return /\.kz(?::\d+)?(?:\/|$)/i.test(endpoint ?? '') ? 'KZ' : 'RU'
}

/** A host of SMSC's platform (smpp.smsc.kz, smpp2.smsc.ru, …, smscentre.com). */
export function isSmscHost(host: string | undefined): boolean {
  return /(^|\.)(smsc\.(ru|kz|ua|uz|tj)|smscentre\.com)$/i.test(host ?? '')
}
