// A provider profile of the operator's own (an SMSC account at smsc.kz reading numbers as
// Tajik) with no password stored: it never connects, so what it queues stays to be seen.
export const OFFICE_PROFILE = {
  kind: 'smsc-http' as const,
  id: 'office',
  name: 'Office SMSC',
  baseUrl: 'https://smsc.kz/',
  login: 'office',
  senders: ['Shop'],
  defaultCountry: 'TJ',
}
