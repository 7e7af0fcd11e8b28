import { describe, expect, it } from 'vitest'
import {
  describeUrl,
  EXTERNAL_LINK_DOMAINS,
  isAllowedExternalUrl,
} from '../../src/main/external-links'

describe('isAllowedExternalUrl', () => {
  it("opens the providers' sites and cabinets over https", () => {
    for (const url of [
      'https://smsc.ru/',
      'https://smsc.kz/user/',
      'https://www.smsc.ua/api/',
      'https://www2.smsc.uz/sys/balance.php',
      'https://osonsms.com/',
      'https://getsms.uz/contacts?lang=ru#top',
      'https://SMSC.RU/',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(true)
    }
  })

  it('opens every listed domain', () => {
    for (const domain of EXTERNAL_LINK_DOMAINS) {
      expect(isAllowedExternalUrl(`https://${domain}/`), domain).toBe(true)
    }
  })

  it('refuses other hosts, including look-alikes of the listed ones', () => {
    for (const url of [
      'https://example.com/',
      'https://evilsmsc.ru/',
      'https://smsc.ru.evil.com/',
      'https://smsc.ru@evil.com/',
      'https://getsms.uz.evil.com/',
      'https://xn--smsc-xyz.ru/',
      'https://smsc.ru./',
      'https://185.8.212.184/smsgateway/',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(false)
    }
  })

  it('refuses anything but plain https on the default port', () => {
    for (const url of [
      'http://smsc.ru/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://smsc.ru/share',
      'ms-settings:',
      'https://smsc.ru:8443/',
      'https://user:secret@smsc.ru/',
      'https://user@smsc.ru/',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(false)
    }
  })

  it('refuses what is not a URL', () => {
    for (const url of ['', 'smsc.ru', '//smsc.ru/', 'https://', 'not a url']) {
      expect(isAllowedExternalUrl(url), JSON.stringify(url)).toBe(false)
    }
  })
})

describe('describeUrl', () => {
  it('keeps only the scheme and host of a refused link', () => {
    expect(describeUrl('https://user:pw@evil.example:8443/a?token=secret#x')).toBe(
      'https://evil.example:8443',
    )
    expect(describeUrl('javascript:alert(document.cookie)')).toBe('javascript:')
    expect(describeUrl('not a url')).toBe('a malformed URL')
  })
})
