/**
 * Team: what an administrator and a supervisor do on a team server. The users (an
 * administrator's) and the audit trail (a supervisor's and up). Offered only on a team server,
 * each part only to the roles that may use it; the server checks every call all the same.
 */
import { useId } from 'react'
import { useTeam } from '../../stores/team'
import { AuditTrail } from './AuditTrail'
import { useTeamT } from './strings'
import { Users } from './Users'
import { teamSections } from './view'
import '../../components/lookup/lookup.css'
import './styles.css'

export function Team() {
  const t = useTeamT()
  const ids = useId()
  const mode = useTeam((s) => s.mode)
  const me = useTeam((s) => s.me)
  const sections = teamSections(mode, me)

  return (
    <main className="lookup-screen team-screen" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`} className="visually-hidden">
        {t.title}
      </h2>
      {me && <p className="hint">{t.signedInAs(me.name, t.roles[me.role])}</p>}
      {!sections && <p className="hint">{mode === 'server' ? t.notAllowed : t.notHere}</p>}
      {sections?.users && <Users />}
      {sections?.audit && <AuditTrail />}
    </main>
  )
}
