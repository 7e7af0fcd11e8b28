import { profileLabel } from '../../../shared/constants'
import { useId, useState } from 'react'
import type {
  ProviderKind,
  ProviderProfile,
  SessionState,
  SessionStatus,
} from '../../../shared/contract'
import { PROVIDER_KINDS } from '../../../shared/providers'
import { ListState } from '../../components/ListState'
import { ProfileEditor, type EditorTarget } from './ProfileEditor'
import { sessionRate } from '../../components/session-rate'
import { useProfileName, useProfiles } from '../../stores/profiles'
import { mainSays } from '../../main-phrases'
import { useConnection } from '../../stores/connection'
import { useLang } from '../../stores/lang'
import { useSessions } from '../../stores/sessions'
import { useProvidersT } from './strings'
import './styles.css'

/** Provider profiles: the list with each one's connection and secret, and the editor. */
export function Providers() {
  const t = useProvidersT()
  const ids = useId()
  const profiles = useProfiles((s) => s.profiles)
  const loaded = useProfiles((s) => s.loaded)
  const loadError = useProfiles((s) => s.error)
  const hideSandbox = useProfiles((s) => s.hideSandbox)
  const setHideSandbox = useProfiles((s) => s.setHideSandbox)
  const hasReal = profiles.some((p) => !p.sandbox)
  const sessions = useSessions((s) => s.byProfile)
  const lang = useLang((s) => s.lang)
  const [target, setTarget] = useState<EditorTarget | null>(null)
  // Bumped to remount the editor when the same target is opened afresh.
  const [editorKey, setEditorKey] = useState(0)
  const [newKind, setNewKind] = useState<ProviderKind>('smpp')
  const [notice, setNotice] = useState<string | null>(null)

  const open = (next: EditorTarget) => {
    setNotice(null)
    setTarget(next)
    setEditorKey((k) => k + 1)
  }
  const selectedId = target && 'profileId' in target ? target.profileId : null
  const profileName = useProfileName()
  const nameOf = (id: string | null) => (id === null ? null : profileName(id))

  return (
    <main className="screen providers-screen" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t.title}</h2>
      <div className="providers-layout">
        <section className="providers-list" aria-labelledby={`${ids}-list`}>
          <h3 id={`${ids}-list`}>{t.listTitle}</h3>
          <div className="providers-add" role="group" aria-label={t.addTitle}>
            <label htmlFor={`${ids}-kind`}>{t.newKind}</label>
            <select
              id={`${ids}-kind`}
              value={newKind}
              onChange={(e) => setNewKind(e.target.value as ProviderKind)}
            >
              {PROVIDER_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t.kinds[k]}
                </option>
              ))}
            </select>
            <button type="button" className="primary" onClick={() => open({ newKind })}>
              {t.add}
            </button>
          </div>
          {hasReal && (
            // Once a real profile exists, the sandboxes can leave every list and the header.
            <label className="providers-hide-sandbox">
              <input
                type="checkbox"
                checked={hideSandbox}
                onChange={(e) => setHideSandbox(e.target.checked)}
              />{' '}
              {t.hideSandbox}
            </label>
          )}
          {notice && (
            <p className="notice" role="status">
              {notice}
            </p>
          )}
          <ListState
            error={loadError && t.loadFailed(loadError)}
            loading={!loaded}
            loadingText={t.loading}
          >
            <table aria-labelledby={`${ids}-list`}>
              <thead>
                <tr>
                  <th scope="col">{t.colName}</th>
                  <th scope="col">{t.colKind}</th>
                  <th scope="col">{t.colConnection}</th>
                  <th scope="col">{t.colPassword}</th>
                  <th scope="col">{t.colFallback}</th>
                </tr>
              </thead>
              <tbody>
                <ListState columns={5} empty={profiles.length === 0} emptyText={t.empty} />
                {profiles.map((p) => (
                  <ProfileRow
                    key={p.id}
                    profile={p}
                    selected={p.id === selectedId}
                    status={sessions[p.id]?.status ?? null}
                    detail={
                      sessions[p.id]?.detail
                        ? mainSays(sessions[p.id]?.detail ?? '', sessions[p.id]?.detailPhrase, lang)
                        : null
                    }
                    session={sessions[p.id]}
                    fallbackName={p.fallbackProfileId ? nameOf(p.fallbackProfileId) : null}
                    onOpen={() => open({ profileId: p.id })}
                  />
                ))}
              </tbody>
            </table>
          </ListState>
        </section>
        {target ? (
          <ProfileEditor
            key={editorKey}
            target={target}
            onSaved={(id) =>
              setTarget((cur) => (cur && 'profileId' in cur ? cur : { profileId: id }))
            }
            onRemoved={(message) => {
              setTarget(null)
              setNotice(message)
            }}
            onClose={() => setTarget(null)}
          />
        ) : (
          <section className="provider-editor provider-editor-empty" aria-label={t.editorEmpty}>
            <p className="hint">{t.editorEmpty}</p>
          </section>
        )}
      </div>
    </main>
  )
}

interface RowProps {
  profile: ProviderProfile
  selected: boolean
  status: SessionStatus | null
  detail: string | null
  session: SessionState | undefined
  fallbackName: string | null
  onOpen(): void
}

function ProfileRow({
  profile: p,
  selected,
  status,
  detail,
  session,
  fallbackName,
  onOpen,
}: RowProps) {
  const t = useProvidersT()
  const name = profileLabel(
    p,
    useLang((s) => s.lang),
  )
  const secret = p.sandbox ? t.passwordSandbox : p.hasPassword ? t.passwordSaved : t.passwordMissing
  const rate = sessionRate(session, t)
  // While the console cannot be reached, no connection's state is known.
  const known = useConnection((s) => s.status) === 'open'
  return (
    <tr aria-selected={selected} className={selected ? 'selected' : undefined}>
      <td>
        <button type="button" className="link" aria-label={t.edit(name)} onClick={onOpen}>
          {name}
        </button>{' '}
        {p.sandbox && <span className="badge badge-sandbox">{t.sandbox}</span>}
      </td>
      <td>{t.kinds[p.kind]}</td>
      {known ? (
        <td title={[detail, rate?.detail].filter(Boolean).join('\n') || undefined}>
          {status ? (
            <span className={`badge provider-session provider-session-${status}`}>
              {t.sessions[status]}
            </span>
          ) : (
            t.none
          )}
          {rate && (
            <span
              className={`provider-rate${rate.slowed ? ' provider-rate-slowed' : ''}`}
              data-testid="provider-rate"
            >
              {rate.text}
            </span>
          )}
        </td>
      ) : (
        <td title={t.sessionUnknownWhy}>
          <span className="badge provider-session provider-session-unknown">
            {t.sessionUnknown}
          </span>
        </td>
      )}
      <td data-testid="secret-state">{secret}</td>
      <td>{fallbackName ?? t.none}</td>
    </tr>
  )
}
