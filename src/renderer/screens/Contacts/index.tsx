/**
 * Contacts: the customers' numbers with names, notes, tags and fields of their own, in groups.
 * Find them by words, group or tag; add or change one; import a file into a group; export what
 * is found; and send a bulk message to them (Bulk import opens with them as its recipients).
 */
import { useEffect, useId, useState } from 'react'
import type { Contact } from '../../../shared/calls/contacts'
import { call, errorText } from '../../api/client'
import { ExportButtons } from '../../components/exports/ExportButtons'
import { Field } from '../../components/Field'
import { ListState } from '../../components/ListState'
import { ConfirmDialog } from '../../components/lookup/ConfirmDialog'
import { FilterSelect } from '../../components/history/FilterSelect'
import { CONTACTS_PAGE, contactFilter, savedShown, useContacts } from '../../stores/contacts'
import { useNav } from '../../stores/nav'
import { useT } from '../../i18n'
import { ContactDialog } from './ContactDialog'
import { NameDialog } from './NameDialog'
import { ImportContacts } from './ImportContacts'
import { VerifiedBadge, VerifyByCallDialog } from '../../components/verification/VerifyByCall'
import { useContactsT } from './strings'
import './styles.css'

type Open =
  | { kind: 'contact'; contact: Contact | null }
  | { kind: 'group'; rename: boolean }
  | { kind: 'deleteGroup' }
  | { kind: 'saveFilter' }
  | { kind: 'import' }
  | { kind: 'verify'; phone: string }

export function Contacts() {
  const t = useContactsT()
  const nav = useT().nav
  const ids = useId()
  const v = useContacts()
  const [query, setQuery] = useState(v.query)
  const [open, setOpen] = useState<Open | null>(null)
  const [error, setError] = useState<string | null>(null)
  const group = v.groups.find((g) => g.id === v.groupId) ?? null
  const saved = savedShown(v)

  useEffect(() => {
    void useContacts.getState().load()
    return useContacts.getState().watch()
  }, [])

  // The search goes to main once typing pauses.
  useEffect(() => {
    const timer = setTimeout(() => {
      if (useContacts.getState().query !== query) useContacts.getState().setFilter({ query })
    }, 250)
    return () => clearTimeout(timer)
  }, [query])

  const filtered = v.query.trim() !== '' || v.groupId !== null || v.tag !== ''
  const deleteGroup = async () => {
    if (!group) return
    try {
      await call('groups.delete', { id: group.id })
      setOpen(null)
      useContacts.getState().setFilter({ groupId: null })
    } catch (err) {
      setError(errorText(err))
    }
  }

  const deleteFilter = async (id: number) => {
    try {
      await call('filters.delete', { id })
      void useContacts.getState().load()
    } catch (err) {
      setError(errorText(err))
    }
  }

  return (
    <main className="screen contacts-screen" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{nav.contacts}</h2>
      <form
        className="row contacts-filters"
        aria-label={t.filters}
        onSubmit={(e) => e.preventDefault()}
      >
        <Field id={`${ids}-search`} label={t.search}>
          <input
            id={`${ids}-search`}
            type="search"
            placeholder={t.searchHint}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        </Field>
        <FilterSelect<number>
          label={t.group}
          value={v.groupId ?? 0}
          options={[
            [0, t.allContacts] as const,
            ...v.groups.map((g) => [g.id, t.groupOption(g.name, g.size)] as const),
          ]}
          onChange={(id) => v.setFilter({ groupId: id === 0 ? null : id })}
        />
        <FilterSelect<string>
          label={t.tag}
          value={v.tag}
          options={[['', t.anyTag] as const, ...v.tags.map((tag) => [tag, tag] as const)]}
          onChange={(tag) => v.setFilter({ tag })}
        />
        <FilterSelect<number>
          label={t.savedFilter}
          value={saved?.id ?? 0}
          options={[
            [0, t.noSavedFilter] as const,
            ...v.filters.map((f) => [f.id, f.name] as const),
          ]}
          onChange={(id) => {
            const f = v.filters.find((x) => x.id === id)
            if (!f) return
            setQuery(f.filter.query ?? '')
            v.applySaved(f)
          }}
        />
      </form>
      <div className="actions-line contacts-actions">
        <button
          type="button"
          className="primary"
          onClick={() => setOpen({ kind: 'contact', contact: null })}
        >
          {t.newContact}
        </button>
        <button type="button" onClick={() => setOpen({ kind: 'import' })}>
          {t.importTitle}
        </button>
        <button type="button" onClick={() => setOpen({ kind: 'group', rename: false })}>
          {t.newGroup}
        </button>
        {filtered && !saved && (
          <button type="button" onClick={() => setOpen({ kind: 'saveFilter' })}>
            {t.saveFilter}
          </button>
        )}
        {saved && (
          <button type="button" onClick={() => void deleteFilter(saved.id)}>
            {t.deleteFilter}
          </button>
        )}
        {group && (
          <>
            <button type="button" onClick={() => setOpen({ kind: 'group', rename: true })}>
              {t.renameGroup}
            </button>
            <button type="button" onClick={() => setOpen({ kind: 'deleteGroup' })}>
              {t.deleteGroup}
            </button>
          </>
        )}
        <ExportButtons
          name="contacts"
          source={{ list: 'contacts', filter: contactFilter(v) }}
          disabled={v.total === 0}
        />
        <button
          type="button"
          disabled={v.total === 0}
          onClick={() =>
            useNav
              .getState()
              .sendTo(contactFilter(v), t.sendToName(group?.name ?? null, saved?.name ?? null))
          }
        >
          {t.sendTo(v.total)}
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p className="hint" role="status">
        {t.total(v.total)}
      </p>
      <ListState error={v.error && t.loadFailed(v.error)} />
      <div className="contacts-table-wrap">
        <table aria-labelledby={`${ids}-title`}>
          <thead>
            <tr>
              <th scope="col">{t.colPhone}</th>
              <th scope="col">{t.colName}</th>
              <th scope="col">{t.colTags}</th>
              <th scope="col">{t.colGroups}</th>
              <th scope="col">{t.colFields}</th>
              <th scope="col">{t.colNotes}</th>
            </tr>
          </thead>
          <tbody>
            <ListState
              columns={6}
              loading={v.loading && v.items.length === 0}
              loadingText={t.loading}
              empty={v.items.length === 0 && !v.loading && !v.error}
              emptyText={filtered ? t.emptyFiltered : t.empty}
            />
            {v.items.map((c) => (
              <tr key={c.phone}>
                <td className="phone">
                  <button
                    type="button"
                    className="link-button"
                    aria-label={t.edit(c.phone)}
                    onClick={() => setOpen({ kind: 'contact', contact: c })}
                  >
                    {c.phone}
                  </button>
                  <VerifiedBadge phone={c.phone} />
                </td>
                <td>{c.name}</td>
                <td>{c.tags.join(', ')}</td>
                <td>
                  {c.groups
                    .map((id) => v.groups.find((g) => g.id === id)?.name)
                    .filter(Boolean)
                    .join(', ')}
                </td>
                <td className="text">
                  {Object.entries(c.fields)
                    .map(([k, val]) => `${k}: ${val}`)
                    .join('; ')}
                </td>
                <td className="text">{c.notes}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {v.total > CONTACTS_PAGE && (
        <div className="lookup-pager">
          <button
            type="button"
            aria-label={t.prev}
            disabled={v.offset === 0}
            onClick={() => v.setOffset(Math.max(0, v.offset - CONTACTS_PAGE))}
          >
            ‹
          </button>
          <span>
            {t.range(v.offset + 1, Math.min(v.offset + v.items.length, v.total), v.total)}
          </span>
          <button
            type="button"
            aria-label={t.next}
            disabled={v.offset + CONTACTS_PAGE >= v.total}
            onClick={() => v.setOffset(v.offset + CONTACTS_PAGE)}
          >
            ›
          </button>
        </div>
      )}

      {open?.kind === 'contact' && (
        <ContactDialog
          contact={open.contact}
          groups={v.groups}
          onClose={() => setOpen(null)}
          onVerify={(phone) => setOpen({ kind: 'verify', phone })}
        />
      )}
      {open?.kind === 'verify' && (
        <VerifyByCallDialog phone={open.phone} onClose={() => setOpen(null)} />
      )}
      {open?.kind === 'import' && (
        <ImportContacts groups={v.groups} groupId={v.groupId} onClose={() => setOpen(null)} />
      )}
      {open?.kind === 'group' && (
        <NameDialog
          title={open.rename ? t.groupTitleRename : t.groupTitleNew}
          label={t.groupName}
          initial={open.rename ? (group?.name ?? '') : ''}
          save={async (name) =>
            (
              await call('groups.save', {
                ...(open.rename && group ? { id: group.id } : {}),
                name,
              })
            ).id
          }
          onClose={(id) => {
            setOpen(null)
            if (id) useContacts.getState().setFilter({ groupId: id })
          }}
        />
      )}
      {open?.kind === 'saveFilter' && (
        <NameDialog
          title={t.saveFilterTitle}
          label={t.filterName}
          initial=""
          save={async (name) => (await call('filters.save', { name, filter: contactFilter(v) })).id}
          onClose={() => {
            setOpen(null)
            void useContacts.getState().load()
          }}
        />
      )}
      {open?.kind === 'deleteGroup' && group && (
        <ConfirmDialog
          title={t.deleteGroup}
          confirmLabel={t.deleteGroup}
          cancelLabel={t.cancel}
          onConfirm={() => void deleteGroup()}
          onCancel={() => setOpen(null)}
        >
          <p>{t.confirmDeleteGroup(group.name)}</p>
        </ConfirmDialog>
      )}
    </main>
  )
}
