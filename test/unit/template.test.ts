// Bulk message templates: #name# (smsgate style) and {name}, shared by the preview and main.
import { describe, expect, it } from 'vitest'
import {
  compileTemplate,
  fillKnown,
  renderTemplate,
  rowValues,
  unknownVariables,
} from '../../src/shared/template'

const values = rowValues(['Phone', 'Имя', 'Order no'], ['992901234567', ' Иван ', '4812'])

describe('templates', () => {
  it('fills #name# and {name}, case-insensitively, trimming the cells', () => {
    expect(renderTemplate('Hello #имя#, order {Order no} is ready', values)).toEqual({
      text: 'Hello Иван, order 4812 is ready',
      missing: [],
    })
  })

  it('reports variables the row has no column for, and leaves them out', () => {
    const r = renderTemplate('Hi {name}, #code# / #code#', values)
    expect(r.missing).toEqual(['name', 'code'])
    expect(r.text).toBe('Hi ,  / ')
    expect(unknownVariables('Hi {name} #Имя#', ['Phone', 'Имя'])).toEqual(['name'])
  })

  it('leaves ordinary # and braces alone', () => {
    expect(renderTemplate('Order #12 and #13, {} 100%', values).text).toBe(
      'Order #12 and #13, {} 100%',
    )
    expect(compileTemplate('#a b# {x y}').variables).toEqual(['x y'])
  })

  it('numbered columns work without a header', () => {
    expect(renderTemplate('#2#-{1}', rowValues(['1', '2'], ['a', 'b'])).text).toBe('b-a')
  })

  it('lists each variable once, in order', () => {
    expect(compileTemplate('{b} #a# {b}').variables).toEqual(['b', 'a'])
  })

  it('fills the variables it knows and leaves the others as written, either form', () => {
    const known = new Map([['name', 'Зарина']])
    expect(fillKnown('{Name}, ваш долг #amount# {amount}. {name}!', known)).toBe(
      'Зарина, ваш долг #amount# {amount}. Зарина!',
    )
    expect(fillKnown('Order #12 and #13 — no variables', known)).toBe(
      'Order #12 and #13 — no variables',
    )
  })
})
