/** The header's word on the team server: none, online as whom, or unreachable with sends waiting. */
import { formatNumber } from '../../format'
import { useLang } from '../../stores/lang'
import { useTeamLink } from '../../stores/team-link'
import { TeamLinkDialog } from './TeamLinkDialog'
import { useTeamLinkT } from './strings'
import './team-link.css'

export function TeamLinkBadge() {
  const t = useTeamLinkT()
  const lang = useLang((s) => s.lang)
  const status = useTeamLink((s) => s.status)
  const open = useTeamLink((s) => s.open)
  const setOpen = useTeamLink((s) => s.setOpen)
  if (!status) return null
  const text =
    status.state === 'online'
      ? t.badge.online(status.user ?? '', status.role ? t.roles[status.role] : '')
      : status.state === 'offline'
        ? t.badge.offline(status.waiting, formatNumber(status.waiting, lang))
        : status.state === 'signed-out'
          ? t.badge.signedOut
          : status.state === 'connecting'
            ? t.badge.connecting
            : t.badge.off
  return (
    <>
      <button
        type="button"
        className="team-badge"
        data-state={status.state}
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        <span aria-live="polite">{text}</span>
      </button>
      {open && <TeamLinkDialog status={status} onClose={() => setOpen(false)} />}
    </>
  )
}
