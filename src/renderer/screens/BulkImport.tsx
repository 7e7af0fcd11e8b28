import { useId } from 'react'
import { useT } from '../i18n'

export function BulkImport() {
  const t = useT()
  const id = useId()
  return (
    <main className="screen" aria-labelledby={id}>
      <h2 id={id}>{t.nav.import}</h2>
    </main>
  )
}
