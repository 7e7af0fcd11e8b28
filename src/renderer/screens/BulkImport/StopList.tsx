/** The stop-list: numbers that opted out, searched and paged in SQL, added and removed here. */
import { useEffect, useId, useState } from 'react'
import type { StopListEntry } from '../../../shared/calls/imports'
import { call, errorText } from '../../api/client'
import { Field } from '../../components/Field'
import { ConfirmDialog } from '../../components/lookup/ConfirmDialog'
import { ExportButtons } from '../../components/exports/ExportButtons'
import { FilterSelect } from '../../components/history/FilterSelect'
import { ListState } from '../../components/ListState'
import { ProfileSelect } from '../../components/ProfileSelect'
import { useBulkImport } from '../../stores/bulk-import'
import { useLang } from '../../stores/lang'
import { useProfileName, useProfiles } from '../../stores/profiles'
import { OptOutReply } from './OptOutReply'
import { useImportT } from './strings'
import { formatDateTime } from '../../format'
import { Phone } from '../../components/Phone'

const PAGE = 50
/** The filter's value for entries of any scope (profile ids never hold '*'). */
const ANY = '*'

export function StopList() {
  const t = useImportT()
  const lang = useLang((s) => s.lang)
  const ids = useId()
  const [query, setQuery] = useState('')
  const [items, setItems] = useState<StopListEntry[] | null>(null)
  const [total, setTotal] = useState(0)
  const [numbers, setNumbers] = useState('')
  // Whom numbers added here hold for ('' every profile), and whose entries the list shows.
  const profiles = useProfiles((s) => s.profiles)
  const profileName = useProfileName()
  const [addFor, setAddFor] = useState('')
  const [shown, setShown] = useState(ANY)
  const scopeFilter = shown === ANY ? {} : { profileId: shown }
  const scopeName = (id: string) => (id === '' ? t.stopEveryProfile : profileName(id))
  const [notice, setNotice] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)

  // Numbers added from a file elsewhere on the screen: the page shows them at once.
  const stopAdded = useBulkImport((s) => s.stopAdded)
  // Bumped after a change: the effect below loads the page again.
  const [version, setVersion] = useState(0)
  const reload = () => setVersion((v) => v + 1)

  useEffect(() => {
    let alive = true
    call('stoplist.list', {
      query: query || undefined,
      limit: PAGE,
      ...(shown === ANY ? {} : { profileId: shown }),
    })
      .then((page) => {
        if (!alive) return
        setItems(page.items)
        setTotal(page.total)
        setError(null)
      })
      .catch((err: unknown) => alive && setError(errorText(err)))
    return () => {
      alive = false
    }
  }, [query, shown, version, stopAdded])

  const add = async () => {
    const phones = numbers
      .split(/[\n,;]+/)
      .map((s) => s.trim())
      .filter(Boolean)
    if (phones.length === 0) return
    try {
      const { added } = await call('stoplist.add', { phones, profileId: addFor })
      setNotice(t.stopAdded(added))
      setUndoToken(null)
      setNumbers('')
      setError(null)
      reload()
    } catch (err) {
      setError(errorText(err))
    }
  }

  // Clearing in bulk: asked first, then undoable from the notice.
  const [confirmClear, setConfirmClear] = useState(false)
  const [clearing, setClearing] = useState(false)
  const [undoToken, setUndoToken] = useState<string | null>(null)
  const clear = async () => {
    setClearing(true)
    try {
      const { cleared, undoToken: token } = await call('stoplist.clear', {
        ...(query.trim() ? { query } : {}),
        ...scopeFilter,
      })
      setConfirmClear(false)
      setNotice(t.stopCleared(cleared))
      setUndoToken(token)
      setError(null)
      reload()
    } catch (err) {
      setError(errorText(err))
      setConfirmClear(false)
    } finally {
      setClearing(false)
    }
  }
  const undo = async () => {
    if (!undoToken) return
    try {
      const { restored } = await call('stoplist.undoClear', { undoToken })
      setUndoToken(null)
      setNotice(t.stopRestored(restored))
      reload()
    } catch (err) {
      setError(errorText(err))
    }
  }

  const remove = async (entry: StopListEntry) => {
    try {
      await call('stoplist.remove', { phones: [entry.phone], profileId: entry.profileId })
      reload()
    } catch (err) {
      setError(errorText(err))
    }
  }

  return (
    <section aria-labelledby={`${ids}-title`} className="import-stoplist">
      <h3 id={`${ids}-title`}>{t.stopList}</h3>
      <p className="hint">{t.stopHint}</p>
      <div className="row">
        <Field id={`${ids}-numbers`} label={t.stopNumbers}>
          <textarea
            id={`${ids}-numbers`}
            rows={3}
            value={numbers}
            onChange={(e) => setNumbers(e.target.value)}
          />
          <ProfileSelect
            label={t.stopAppliesTo}
            profiles={profiles}
            value={addFor}
            anyLabel={t.stopEveryProfile}
            onChange={setAddFor}
          />
          <div className="actions-line">
            <button type="button" disabled={!numbers.trim()} onClick={() => void add()}>
              {t.stopAdd}
            </button>
            {notice && (
              <span className="notice" role="status">
                {notice}
                {undoToken && (
                  <>
                    {' '}
                    <button type="button" onClick={() => void undo()}>
                      {t.undo}
                    </button>
                  </>
                )}
              </span>
            )}
          </div>
        </Field>
        <Field id={`${ids}-search`} label={t.stopSearch}>
          <input
            id={`${ids}-search`}
            type="search"
            inputMode="tel"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          <FilterSelect<string>
            label={t.stopShown}
            value={shown}
            options={[
              [ANY, t.stopAnyScope],
              ['', t.stopEveryProfile],
              ...profiles.map((p) => [p.id, profileName(p.id)] as const),
            ]}
            onChange={setShown}
          />
          <p className="hint">{t.stopTotal(total)}</p>
          <div className="actions-line">
            <ExportButtons
              name="stop-list"
              source={{ list: 'stoplist', ...scopeFilter }}
              disabled={total === 0}
            />
            <button type="button" disabled={total === 0} onClick={() => setConfirmClear(true)}>
              {query.trim() || shown !== ANY ? t.stopClearFound : t.stopClearAll}
            </button>
          </div>
        </Field>
      </div>
      <ListState
        error={error && t.error(error)}
        loading={items === null}
        loadingText={t.loading}
        empty={items?.length === 0}
        emptyText={t.stopEmpty}
      >
        {items && (
          <table aria-label={t.stopList}>
            <thead>
              <tr>
                <th>{t.previewPhone}</th>
                <th>{t.stopAppliesTo}</th>
                <th>{t.note}</th>
                <th>{t.added}</th>
                <th>
                  <span className="visually-hidden">{t.remove}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={`${i.phone}:${i.profileId}`}>
                  <td className="phone">
                    <Phone phone={i.phone} />
                  </td>
                  <td>{scopeName(i.profileId)}</td>
                  <td>{i.note ?? ''}</td>
                  <td className="time">{formatDateTime(i.addedAt, lang)}</td>
                  <td className="actions">
                    <button
                      type="button"
                      aria-label={t.stopRemove(i.phone, scopeName(i.profileId))}
                      onClick={() => void remove(i)}
                    >
                      {t.remove}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ListState>
      <OptOutReply />
      {confirmClear && (
        <ConfirmDialog
          title={query.trim() || shown !== ANY ? t.stopClearFound : t.stopClearAll}
          confirmLabel={t.stopClearYes}
          cancelLabel={t.stopClearNo}
          busy={clearing}
          onConfirm={() => void clear()}
          onCancel={() => setConfirmClear(false)}
        >
          {t.confirmStopClear(
            total,
            query.replace(/\D/g, ''),
            shown === ANY ? null : scopeName(shown),
          )}
        </ConfirmDialog>
      )}
    </section>
  )
}
