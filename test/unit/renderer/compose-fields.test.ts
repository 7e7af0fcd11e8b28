import { describe, expect, it } from 'vitest'
import { composeFieldErrors } from '../../../src/renderer/screens/Compose/fields'

describe("Compose puts main's refusals next to their fields", () => {
  it('by the path each issue names, a nested path under its field', () => {
    expect(
      composeFieldErrors([
        { path: 'phone', message: 'too short' },
        { path: 'cascade.viberButton.url', message: 'needs a link' },
        { path: 'text', message: 'text is required' },
      ]),
    ).toEqual({
      fields: { phone: 'too short', cascade: 'needs a link', text: 'text is required' },
      rest: [],
    })
  })

  it('keeps the first complaint of a field', () => {
    expect(
      composeFieldErrors([
        { path: 'cascade.order', message: 'Viber is not offered' },
        { path: 'cascade.texts.viber', message: 'too long' },
      ]).fields,
    ).toEqual({ cascade: 'Viber is not offered' })
  })

  it('never reads the field from the words: a path the form lacks stays for the form line', () => {
    const phoneInWords = { path: 'idempotencyKey', message: 'phone and text differ' }
    expect(composeFieldErrors([phoneInWords])).toEqual({ fields: {}, rest: [phoneInWords] })
    expect(composeFieldErrors([{ path: 'phoneNumber', message: 'x' }]).fields).toEqual({})
  })
})
