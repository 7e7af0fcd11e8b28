/** The editor's title with the profile's sandbox and connection badges, and why it is paused. */
import type { SessionState } from '../../../shared/contract'
import { useProvidersT } from './strings'

interface Props {
  titleId: string
  title: string
  sandbox: boolean
  session: SessionState | undefined
}

export function EditorHead({ titleId, title, sandbox, session }: Props) {
  const t = useProvidersT()
  return (
    <>
      <div className="provider-editor-head">
        <h3 id={titleId}>{title}</h3>
        {sandbox && <span className="badge badge-sandbox">{t.sandbox}</span>}
        {session && (
          <span className={`badge provider-session provider-session-${session.status}`}>
            {t.sessions[session.status]}
          </span>
        )}
      </div>
      {sandbox && <p className="hint">{t.sandboxNote}</p>}
      {session?.status === 'paused' && session.detail && (
        <p className="provider-paused" role="status">
          {t.pausedNote(session.detail)}
        </p>
      )}
    </>
  )
}
