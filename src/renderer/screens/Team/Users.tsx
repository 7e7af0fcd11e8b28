/**
 * The server's users for its administrator: each with their role (changed in place), whether
 * they may sign in, and what can be done to them: disabled or enabled, a new password, signed
 * out of every console. The server refuses what would leave no administrator, and says so.
 */
import { useEffect, useId, useState } from 'react'
import type { TeamRole, TeamUser } from '../../../shared/calls/team'
import { Select } from '../../components/Field'
import { ListState } from '../../components/ListState'
import { ConfirmDialog } from '../../components/lookup/ConfirmDialog'
import { useAction } from '../../components/use-action'
import { formatDateTime } from '../../format'
import { useLang } from '../../stores/lang'
import { useTeam } from '../../stores/team'
import { useTeamT } from './strings'
import { UserDialog } from './UserDialog'
import { foldName, ROLE_ORDER } from './view'

type Open =
  | { kind: 'create' }
  | { kind: 'password'; name: string }
  | { kind: 'disable'; name: string }
  | { kind: 'signOut'; name: string }

export function Users() {
  const t = useTeamT()
  const lang = useLang((s) => s.lang)
  const ids = useId()
  const users = useTeam((s) => s.users)
  const loaded = useTeam((s) => s.usersLoaded)
  const loading = useTeam((s) => s.usersLoading)
  const loadError = useTeam((s) => s.usersError)
  const me = useTeam((s) => s.me)
  const [open, setOpen] = useState<Open | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const action = useAction()

  useEffect(() => {
    void useTeam.getState().loadUsers()
  }, [])

  const isMe = (u: TeamUser) => me !== null && foldName(me.name) === foldName(u.name)

  /** A change from a row or a dialog: its words in the notice when done. */
  const act = async (fn: () => Promise<string>) => {
    setNotice(null)
    let said = ''
    const ok = await action.run(async () => {
      said = await fn()
    })
    if (ok) setNotice(said)
    return ok
  }

  const team = useTeam.getState
  const changeRole = (name: string, role: TeamRole) =>
    void act(async () => {
      const u = await team().setRole(name, role)
      return t.roleChanged(u.name, t.roles[u.role])
    })

  return (
    <section aria-labelledby={`${ids}-title`}>
      <div className="lookup-toolbar">
        <h2 id={`${ids}-title`}>{t.users}</h2>
        <button type="button" onClick={() => setOpen({ kind: 'create' })}>
          {t.newUser}
        </button>
        <button
          type="button"
          disabled={loading}
          onClick={() => void useTeam.getState().loadUsers()}
        >
          {t.refresh}
        </button>
        <ListState inline loading={loading} loadingText={t.loading} />
        {loaded && <span className="hint">{t.count(users.length)}</span>}
      </div>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <ListState error={action.error ?? (loadError && t.loadFailed(loadError))} />
      <table aria-labelledby={`${ids}-title`} className="team-users">
        <thead>
          <tr>
            <th scope="col">{t.colName}</th>
            <th scope="col">{t.colRole}</th>
            <th scope="col">{t.colState}</th>
            <th scope="col">{t.colCreated}</th>
            <th scope="col">{t.colActions}</th>
          </tr>
        </thead>
        <tbody>
          <ListState columns={5} empty={loaded && users.length === 0} emptyText={t.noUsers} />
          {users.map((u, i) => (
            <tr key={u.name} className={u.disabled ? 'team-disabled' : undefined}>
              <th scope="row">
                {u.name} {isMe(u) && <span className="hint">{t.you}</span>}
              </th>
              <td>
                <label htmlFor={`${ids}-role-${i}`} className="visually-hidden">
                  {t.roleOf(u.name)}
                </label>
                <Select
                  id={`${ids}-role-${i}`}
                  value={u.role}
                  options={ROLE_ORDER.map((r) => [r, t.roles[r]] as const)}
                  disabled={action.busy}
                  onChange={(role) => changeRole(u.name, role)}
                />
              </td>
              <td>
                <span className={u.disabled ? 'badge badge-failed' : 'badge badge-delivered'}>
                  {u.disabled ? t.disabled : t.active}
                </span>
              </td>
              <td className="time">{formatDateTime(u.createdAt, lang)}</td>
              <td className="actions">
                {u.disabled ? (
                  <button
                    type="button"
                    disabled={action.busy}
                    onClick={() =>
                      void act(async () => t.enabledDone((await team().enable(u.name)).name))
                    }
                  >
                    {t.enable}
                  </button>
                ) : (
                  <button
                    type="button"
                    className="danger"
                    disabled={action.busy}
                    onClick={() => setOpen({ kind: 'disable', name: u.name })}
                  >
                    {t.disable}
                  </button>
                )}
                <button
                  type="button"
                  disabled={action.busy}
                  onClick={() => setOpen({ kind: 'password', name: u.name })}
                >
                  {t.resetPassword}
                </button>
                <button
                  type="button"
                  disabled={action.busy || u.disabled}
                  onClick={() => setOpen({ kind: 'signOut', name: u.name })}
                >
                  {t.signOut}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      {(open?.kind === 'create' || open?.kind === 'password') && (
        <UserDialog
          user={open.kind === 'password' ? open.name : null}
          onClose={(done) => {
            setOpen(null)
            if (done) setNotice(done)
          }}
        />
      )}
      {open?.kind === 'disable' && (
        <ConfirmDialog
          title={t.disableTitle(open.name)}
          confirmLabel={t.confirmDisable}
          cancelLabel={t.cancel}
          busy={action.busy}
          error={action.error}
          onCancel={() => setOpen(null)}
          onConfirm={() =>
            void act(async () => t.disabledDone((await team().disable(open.name)).name)).then(
              (ok) => ok && setOpen(null),
            )
          }
        >
          <p>{t.disableBody}</p>
          {me && foldName(me.name) === foldName(open.name) && <p>{t.disableYourself}</p>}
        </ConfirmDialog>
      )}
      {open?.kind === 'signOut' && (
        <ConfirmDialog
          title={t.signOutTitle(open.name)}
          confirmLabel={t.confirmSignOut}
          cancelLabel={t.cancel}
          busy={action.busy}
          error={action.error}
          onCancel={() => setOpen(null)}
          onConfirm={() =>
            void act(async () =>
              t.signedOut(open.name, await team().signOutEverywhere(open.name)),
            ).then((ok) => ok && setOpen(null))
          }
        >
          <p>{t.signOutBody}</p>
        </ConfirmDialog>
      )}
    </section>
  )
}
