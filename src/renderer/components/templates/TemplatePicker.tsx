/**
 * Templates at hand while writing: a button beside the text opens a search over the library
 * (name or words of the text, any case, ё as е); arrows and Enter, or a click, put one into the
 * text. From there the library opens to manage them, or to save the text being written.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'
import type { Template } from '../../../shared/calls/templates'
import { useLang } from '../../stores/lang'
import { useTemplates } from '../../stores/templates'
import { matchTemplates } from './list'
import { ListState } from '../ListState'
import { templateStrings } from './strings'
import { TemplatesDialog } from './TemplatesDialog'
import './templates.css'

interface Props {
  /** The template's text, to put into the field being written. */
  onPick(text: string): void
  /** The text being written: offered to be saved as a template. */
  currentText?: string
}

/** How many matches the list shows at once: the search narrows the rest. */
const SHOWN = 50

export function TemplatePicker(props: Props) {
  const lang = useLang((s) => s.lang)
  const s = templateStrings[lang]
  const ids = useId()
  const [open, setOpen] = useState(false)
  const [query, setQuery] = useState('')
  const [active, setActive] = useState(0)
  const [library, setLibrary] = useState<{ initialText?: string } | null>(null)
  const boxRef = useRef<HTMLDivElement>(null)
  const toggleRef = useRef<HTMLButtonElement>(null)
  const { templates, loaded, loading, error, ensure } = useTemplates()

  const matches = matchTemplates(templates, query).slice(0, SHOWN)
  const activeIndex = Math.min(active, matches.length - 1)

  useEffect(() => {
    if (!open) return
    ensure()
    // A click anywhere else closes the list.
    const onDown = (e: MouseEvent) => {
      if (e.target instanceof Node && !boxRef.current?.contains(e.target)) setOpen(false)
    }
    document.addEventListener('mousedown', onDown)
    return () => document.removeEventListener('mousedown', onDown)
  }, [open, ensure])

  const close = () => {
    setOpen(false)
    toggleRef.current?.focus()
  }
  const pick = (t: Template) => {
    setOpen(false)
    setQuery('')
    props.onPick(t.text)
  }
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault()
      const step = e.key === 'ArrowDown' ? 1 : -1
      setActive(Math.max(0, Math.min(matches.length - 1, activeIndex + step)))
    } else if (e.key === 'Enter') {
      // Never the form around it: Enter picks.
      e.preventDefault()
      const t = matches[activeIndex]
      if (t) pick(t)
    } else if (e.key === 'Escape') {
      e.preventDefault()
      e.stopPropagation()
      close()
    }
  }
  const optionId = (i: number) => `${ids}-option-${i}`

  return (
    <div className="template-picker" ref={boxRef}>
      <button
        ref={toggleRef}
        type="button"
        className="template-toggle"
        aria-expanded={open}
        aria-controls={open ? `${ids}-popover` : undefined}
        onClick={() => setOpen((o) => !o)}
      >
        {s.pick} <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div
          id={`${ids}-popover`}
          className="template-popover"
          role="group"
          aria-label={s.pickLabel}
        >
          <input
            role="combobox"
            aria-label={s.search}
            aria-expanded={matches.length > 0}
            aria-controls={`${ids}-list`}
            aria-autocomplete="list"
            aria-activedescendant={matches.length > 0 ? optionId(activeIndex) : undefined}
            placeholder={s.searchPlaceholder}
            autoComplete="off"
            value={query}
            // The list opened to be searched: the keyboard goes to its search at once.
            autoFocus
            onChange={(e) => {
              setQuery(e.target.value)
              setActive(0)
            }}
            onKeyDown={onKey}
          />
          <ListState
            error={error ? s.failed(error) : null}
            loading={loading && !loaded}
            loadingText={s.loading}
            empty={loaded && matches.length === 0}
            emptyText={templates.length === 0 ? s.none : s.noMatch(query.trim())}
          >
            <ul id={`${ids}-list`} role="listbox" aria-label={s.list} className="template-options">
              {matches.map((t, i) => (
                <li
                  key={t.id}
                  id={optionId(i)}
                  role="option"
                  aria-selected={i === activeIndex}
                  onMouseEnter={() => setActive(i)}
                  // Before the search loses focus: the click lands on the option.
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => pick(t)}
                >
                  <span className="template-name">{t.name}</span>
                  <span className="template-text">{t.text}</span>
                </li>
              ))}
            </ul>
          </ListState>
          <div className="template-popover-actions">
            <button
              type="button"
              onClick={() => {
                setOpen(false)
                setLibrary({})
              }}
            >
              {s.manage}
            </button>
            {props.currentText && props.currentText.trim() !== '' && (
              <button
                type="button"
                onClick={() => {
                  setOpen(false)
                  setLibrary({ initialText: props.currentText })
                }}
              >
                {s.saveAs}
              </button>
            )}
          </div>
        </div>
      )}
      {library && (
        <TemplatesDialog
          initialText={library.initialText}
          onClose={() => setLibrary(null)}
          onUse={(text) => {
            setLibrary(null)
            props.onPick(text)
          }}
        />
      )}
    </div>
  )
}
