// The template library's pure parts in the renderer: how a template goes into the text being
// written, how the picker's search matches, and how a pushed change lands in the list.
import { describe, expect, it } from 'vitest'
import type { Template } from '../../../src/shared/calls/templates'
import { insertText } from '../../../src/renderer/components/templates/insert'
import { applyTemplate, matchTemplates } from '../../../src/renderer/components/templates/list'

const tpl = (id: number, name: string, text: string): Template => ({
  id,
  name,
  text,
  updatedAt: id,
})

describe('insertText', () => {
  it('fills an empty box, goes in at the caret, and replaces a selection', () => {
    expect(insertText('', 'Hello', null)).toEqual({ text: 'Hello', caret: 5 })
    expect(insertText('Dear , thanks', 'Ann', { start: 5, end: 5 })).toEqual({
      text: 'Dear Ann, thanks',
      caret: 8,
    })
    expect(insertText('Dear XXX, thanks', 'Ann', { start: 5, end: 8 })).toEqual({
      text: 'Dear Ann, thanks',
      caret: 8,
    })
  })

  it('appends without a caret, and keeps a caret past the end inside the text', () => {
    expect(insertText('Hi', '!', null)).toEqual({ text: 'Hi!', caret: 3 })
    expect(insertText('Hi', '!', { start: 40, end: 50 })).toEqual({ text: 'Hi!', caret: 3 })
    expect(insertText('Hi', '!', { start: 2, end: 0 })).toEqual({ text: 'Hi!', caret: 3 })
  })
})

describe('matchTemplates', () => {
  const list = [
    tpl(1, 'Долг', 'Напоминаем о платеже'),
    tpl(2, 'Ёлка', 'С Новым годом!'),
    tpl(3, 'Greeting', 'Ваш долг погашен, спасибо'),
  ]

  it('finds by name first, then by words of the text, any case, ё as е', () => {
    expect(matchTemplates(list, 'ДОЛГ').map((t) => t.id)).toEqual([1, 3])
    expect(matchTemplates(list, 'елк').map((t) => t.id)).toEqual([2])
    expect(matchTemplates(list, 'новым').map((t) => t.id)).toEqual([2])
    expect(matchTemplates(list, '  ').map((t) => t.id)).toEqual([1, 2, 3])
    expect(matchTemplates(list, 'nothing')).toEqual([])
  })
})

describe('applyTemplate', () => {
  it('adds and renames in name order, any case, ё as е, and removes a deleted one', () => {
    let list = [tpl(1, 'б', 'x'), tpl(2, 'Г', 'x')]
    list = applyTemplate(list, 3, tpl(3, 'Ё', 'x'))
    expect(list.map((t) => t.name)).toEqual(['б', 'Г', 'Ё'])
    list = applyTemplate(list, 2, tpl(2, 'а', 'y'))
    expect(list.map((t) => t.name)).toEqual(['а', 'б', 'Ё'])
    list = applyTemplate(list, 1, null)
    expect(list.map((t) => t.id)).toEqual([2, 3])
  })
})
