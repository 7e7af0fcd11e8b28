import { useId } from 'react'
import { useT } from '../i18n'

export function Providers() {
  const t = useT()
  const id = useId()
  return (
    <main className="screen" aria-labelledby={id}>
      <h2 id={id}>{t.nav.providers}</h2>
    </main>
  )
}
