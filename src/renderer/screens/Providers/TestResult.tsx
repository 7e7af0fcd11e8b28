/** What Test connection found, in the operator's language where main's phrase allows. */
import type { ConnectionTest } from '../../../shared/calls/providers'
import { mainSays } from '../../main-phrases'
import { useLang } from '../../stores/lang'
import { useProvidersT } from './strings'

export function TestResult({ id, test }: { id: string; test: ConnectionTest }) {
  const t = useProvidersT()
  const lang = useLang((s) => s.lang)
  return (
    <div
      id={id}
      className={`provider-test ${test.ok ? 'provider-test-ok' : 'provider-test-bad'}`}
      role="status"
      aria-label={test.ok ? t.testOk : t.testFailed}
    >
      <strong>{test.ok ? t.testOk : t.testFailed}</strong>
      <p>{mainSays(test.summary, test.phrase, lang)}</p>
    </div>
  )
}
