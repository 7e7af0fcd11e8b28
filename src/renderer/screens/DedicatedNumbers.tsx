import { useId } from 'react'
import { useT } from '../i18n'

export function DedicatedNumbers() {
  const t = useT()
  const id = useId()
  return (
    <main className="screen" aria-labelledby={id}>
      <h2 id={id}>{t.nav.numbers}</h2>
    </main>
  )
}
