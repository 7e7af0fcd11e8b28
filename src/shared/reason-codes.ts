/**
 * What each reason code means, in every language of the console. The codes come from the
 * providers' documented error and status codes (`osonsms:119`, `smsc:err:253`, …: each
 * provider's own table, in `providers/<kind>.ts`) and from the outbox's own reasons
 * (`outbox:uncertain`, …); the Russian follows the providers' documents.
 */
import { SHARED_PROVIDERS } from './providers'
import { t, type ReasonTable } from './providers/reasons'

export type { ReasonTexts } from './providers/reasons'

const OUTBOX: ReasonTable = {
  'outbox:rejected': t('Rejected by the provider', 'Отклонено провайдером'),
  'outbox:not-sent': t('Not sent yet; it will be tried again', 'Ещё не отправлено; будет повтор'),
  'outbox:paused': t('The profile is paused', 'Профиль приостановлен'),
  'outbox:retry': t(
    'It will be sent again with the same key',
    'Будет отправлено снова с тем же ключом',
  ),
  'outbox:retry-exhausted': t(
    'No usable answer after several attempts',
    'Нет внятного ответа после нескольких попыток',
  ),
  'outbox:uncertain': t(
    'No answer from the provider; it may have been sent',
    'Провайдер не ответил; сообщение могло уйти',
  ),
  'outbox:interrupted': t(
    'The console stopped while this message was being sent',
    'Консоль остановилась во время отправки',
  ),
  'outbox:restored': t(
    'Restored from a backup: it may have been sent after that backup',
    'Восстановлено из резервной копии: сообщение могло уйти уже после неё',
  ),
  'outbox:resent-same-key': t(
    'Sent again under the same key after an interruption: the provider sends it only once',
    'Отправлено повторно с тем же ключом после сбоя: провайдер отправит его только один раз',
  ),
  'outbox:operator-failed': t('Marked failed by the operator', 'Отмечено оператором как неудачное'),
  'outbox:rerouted': t('Sent through the fallback profile', 'Отправлено через резервный профиль'),
  'outbox:batch-cancelled': t('Cancelled with its batch', 'Отменено вместе с рассылкой'),
  'outbox:profile-removed': t('Cancelled: the profile was removed', 'Отменено: профиль удалён'),
  'outbox:report:failed': t(
    'The delivery report says it failed',
    'Отчёт о доставке: не доставлено',
  ),
  'outbox:report:expired': t('The delivery report says it expired', 'Отчёт о доставке: истёк срок'),
  // Kept by a console while its team server is unreachable (main/core/team/handover.ts).
  'team:waiting': t(
    'Waiting for the team server: it goes once the server is back',
    'Ждёт командный сервер: уйдёт, когда сервер вернётся',
  ),
}

export const REASON_CODES: ReasonTable = Object.fromEntries([
  ...Object.values(SHARED_PROVIDERS).flatMap((p) => Object.entries(p.reasons)),
  ...Object.entries(OUTBOX),
])
