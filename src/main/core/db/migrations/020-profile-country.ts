/**
 * The country a profile reads numbers written the local way by ("8 (912) …" in Russia): NULL
 * for the provider's usual one, '' for none (every number written with its code), else an ISO
 * 3166 code.
 */
export const profileCountry = `
  ALTER TABLE profiles ADD COLUMN default_country TEXT;
`
