import { useT } from '../i18n'
import { useConnection } from '../stores/connection'

/** Says plainly when the page cannot reach the console (browser mode only). */
export function ConnectionBanner() {
  const t = useT()
  const status = useConnection((s) => s.status)
  if (status === 'open') return null
  if (status === 'connecting') {
    return (
      <p className="banner banner-info" role="status">
        {t.connecting}
      </p>
    )
  }
  return (
    <div className="banner banner-error" role="alert" data-connection={status}>
      <strong>{t.notConnected}.</strong> {status === 'no-token' ? t.noToken : t.connectionLost}
    </div>
  )
}
