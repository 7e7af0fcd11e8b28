import { describe, expect, it } from 'vitest'
import {
  analyzeSms,
  decodeGsm7,
  decodeLatin1,
  decodeUcs2,
  encodeGsm7,
  encodeLatin1,
  encodeUcs2,
  splitSms,
  splitSmsText,
} from '../../src/shared/sms'

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

describe('encoding detection', () => {
  it('plain latin text is GSM-7, one septet per char', () => {
    const a = analyzeSms('Hello, world!')
    expect(a).toMatchObject({ encoding: 'GSM7', units: 13, parts: 1, perPart: 160, remaining: 147 })
  })

  it('GSM-7 national chars of the basic table stay GSM-7', () => {
    expect(analyzeSms('Ça vaut 5£ Ñandù @ ¥ è é ù ì ò Δ Ω ß Ä Ö Ü ä ö ü à').encoding).toBe('GSM7')
    // û and ú are not in the GSM table
    expect(analyzeSms('Ça coûte').encoding).toBe('UCS2')
    expect(analyzeSms('Ñandú').encoding).toBe('UCS2')
  })

  it('extension chars count two septets each', () => {
    const a = analyzeSms('^{}\\[~]|€\f')
    expect(a.encoding).toBe('GSM7')
    expect(a.units).toBe(20)
  })

  it('Cyrillic goes UCS-2', () => {
    const a = analyzeSms('Привет')
    expect(a).toMatchObject({ encoding: 'UCS2', units: 6, parts: 1, perPart: 70, remaining: 64 })
  })

  it('one non-GSM char (e.g. a backtick) switches the whole text to UCS-2', () => {
    expect(analyzeSms('abc`').encoding).toBe('UCS2')
  })

  it('empty text has no parts', () => {
    expect(analyzeSms('')).toMatchObject({ units: 0, parts: 0, remaining: 160 })
  })
})

describe('part boundaries', () => {
  it('GSM-7: 160 is one part, 161 is two parts of 153', () => {
    expect(analyzeSms('a'.repeat(160))).toMatchObject({ parts: 1, perPart: 160, remaining: 0 })
    const a = analyzeSms('a'.repeat(161))
    expect(a).toMatchObject({ parts: 2, perPart: 153, remaining: 153 * 2 - 161 })
    expect(splitSmsText('a'.repeat(161), 'GSM7').map((p) => p.length)).toEqual([153, 8])
  })

  it('GSM-7: 306 is two parts, 307 is three', () => {
    expect(analyzeSms('a'.repeat(306))).toMatchObject({ parts: 2, remaining: 0 })
    expect(analyzeSms('a'.repeat(307))).toMatchObject({ parts: 3, remaining: 152 })
  })

  it('UCS-2: 70 is one part, 71 two of 67; 134 two, 135 three', () => {
    expect(analyzeSms('я'.repeat(70))).toMatchObject({ parts: 1, perPart: 70, remaining: 0 })
    expect(analyzeSms('я'.repeat(71))).toMatchObject({ parts: 2, perPart: 67 })
    expect(analyzeSms('я'.repeat(134))).toMatchObject({ parts: 2, remaining: 0 })
    expect(analyzeSms('я'.repeat(135))).toMatchObject({ parts: 3 })
  })

  it('extension chars: 80 of them fill one part exactly, 81 need two', () => {
    expect(analyzeSms('€'.repeat(80))).toMatchObject({ units: 160, parts: 1 })
    expect(analyzeSms('€'.repeat(81))).toMatchObject({ units: 162, parts: 2 })
  })

  it('an extension char at a part boundary moves whole into the next part', () => {
    // 152 plain septets, then € (2 septets) would straddle septet 153/154
    const text = 'a'.repeat(152) + '€' + 'b'.repeat(10)
    const parts = splitSmsText(text, 'GSM7')
    expect(parts[0]).toBe('a'.repeat(152))
    expect(parts[1]).toBe('€' + 'b'.repeat(10))
    const bytes = splitSms(text, 'GSM7')
    expect(bytes[0]?.length).toBe(152)
    expect(bytes[0]?.[151]).not.toBe(0x1b)
    expect(bytes[1]?.[0]).toBe(0x1b)
    expect(parts.join('')).toBe(text)
  })

  it('the boundary shift can cost an extra part', () => {
    // 76 pairs of € = 152 septets + 'a' = 153 then more € → counted by real split, not by units/153
    const text = '€'.repeat(153)
    const a = analyzeSms(text)
    expect(a.units).toBe(306)
    // each part holds at most 76 € (152 septets): 153 € need 3 parts although 306 = 2 × 153
    expect(a.parts).toBe(3)
    expect(splitSms(text, 'GSM7')).toHaveLength(3)
  })

  it('surrogate pairs are never split across parts', () => {
    const text = 'я'.repeat(66) + '😀' + 'я'.repeat(5)
    const parts = splitSmsText(text, 'UCS2')
    expect(parts[0]).toBe('я'.repeat(66))
    expect(parts[1]?.startsWith('😀')).toBe(true)
    const bytes = splitSms(text, 'UCS2')
    expect(bytes[0]?.length).toBe(132)
    expect(decodeUcs2(bytes[1] ?? new Uint8Array())).toBe('😀' + 'я'.repeat(5))
  })

  it('a surrogate pair counts two units', () => {
    expect(analyzeSms('😀').units).toBe(2)
    expect(analyzeSms('😀'.repeat(35))).toMatchObject({ units: 70, parts: 1 })
    expect(analyzeSms('😀'.repeat(36))).toMatchObject({ units: 72, parts: 2 })
  })
})

describe('comment suffix', () => {
  it('text after \\n~~~\\n is the comment, not counted', () => {
    const a = analyzeSms('a'.repeat(160) + '\n~~~\n' + 'note '.repeat(50))
    expect(a).toMatchObject({ chargedText: 'a'.repeat(160), comment: 'note '.repeat(50), parts: 1 })
  })

  it('encoding is decided on the charged text only', () => {
    const a = analyzeSms('Hello\n~~~\nзаметка для истории')
    expect(a).toMatchObject({ encoding: 'GSM7', chargedText: 'Hello', units: 5 })
  })

  it('only the first marker splits; a text without it has no comment', () => {
    expect(analyzeSms('a\n~~~\nb\n~~~\nc').comment).toBe('b\n~~~\nc')
    expect(analyzeSms('a ~~~ b').comment).toBeNull()
  })
})

describe('special texts', () => {
  it('__HLR__ and __PING__ are one part', () => {
    expect(analyzeSms('__HLR__').parts).toBe(1)
    expect(analyzeSms('__PING__').parts).toBe(1)
  })
})

describe('codecs', () => {
  it('GSM-7 round-trips the whole basic and extension tables', () => {
    const all =
      '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
      '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€\f'
    expect(decodeGsm7(encodeGsm7(all))).toBe(all)
  })

  it('GSM-7 uses known septet values', () => {
    expect(hex(encodeGsm7('@A€a'))).toBe('00411b6561')
    expect(hex(encodeGsm7('{}'))).toBe('1b281b29')
  })

  it('encodeGsm7 refuses a char with no GSM form', () => {
    expect(() => encodeGsm7('я')).toThrow(RangeError)
  })

  it('decodeGsm7 tolerates a trailing escape and unknown escapes', () => {
    expect(decodeGsm7(Uint8Array.from([0x41, 0x1b]))).toBe('A')
    expect(decodeGsm7(Uint8Array.from([0x1b, 0x41]))).toBe('A')
  })

  it('UCS-2 is UTF-16BE and round-trips surrogate pairs', () => {
    expect(hex(encodeUcs2('Я'))).toBe('042f')
    expect(hex(encodeUcs2('😀'))).toBe('d83dde00')
    const text = 'Привет 😀 мир'
    expect(decodeUcs2(encodeUcs2(text))).toBe(text)
  })

  it('Latin-1 round-trips', () => {
    const text = 'Crème brûlée ½'
    expect(decodeLatin1(encodeLatin1(text))).toBe(text)
  })

  it('Latin-1 decodes every octet, past its 4 kB steps too', () => {
    const bytes = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 7) % 256)
    const text = decodeLatin1(bytes)
    expect(text).toHaveLength(10_000)
    expect(Array.from(text, (c) => c.charCodeAt(0))).toEqual(Array.from(bytes))
    expect(decodeLatin1(new Uint8Array(0))).toBe('')
  })

  it('splitSms parts decode back to the whole text', () => {
    const gsm = 'x'.repeat(400) + '[]'
    expect(
      splitSms(gsm, 'GSM7')
        .map((b) => decodeGsm7(b))
        .join(''),
    ).toBe(gsm)
    const ucs = 'ж'.repeat(200) + '😀'
    expect(
      splitSms(ucs, 'UCS2')
        .map((b) => decodeUcs2(b))
        .join(''),
    ).toBe(ucs)
  })
})
