/**
 * A reply cannot be missed: while the agent is not reading its conversation (another screen,
 * another window, the console minimised), each customer's message raises a desktop
 * notification (the Notification API: Electron's native one, or the browser's) that opens the
 * conversation when clicked. The unread count is on the Inbox tab and in the window title.
 */
import { useEffect } from 'react'
import { peerOf } from '../../shared/constants'
import { onEvent } from '../api/client'
import { inboxStrings } from '../screens/Inbox.strings'
import { useInbox } from '../stores/inbox'
import { useLang } from '../stores/lang'
import { useNav } from '../stores/nav'

/** How much of a message a notification shows. */
const BODY_CHARS = 160

export function ReplyAlerts() {
  useEffect(() => {
    const stopWatching = useInbox.getState().watch()
    void useInbox.getState().countUnread()
    const stopAlerts = onEvent('inbox.received', (m) => {
      const peer = peerOf(m.from)
      const reading =
        useNav.getState().screen === 'inbox' &&
        useInbox.getState().peer === peer &&
        document.visibilityState === 'visible' &&
        document.hasFocus()
      if (reading || typeof Notification === 'undefined') return
      const show = () => {
        const t = inboxStrings[useLang.getState().lang]
        const body = m.text.length > BODY_CHARS ? `${m.text.slice(0, BODY_CHARS)}…` : m.text
        const note = new Notification(t.notifyTitle(m.from), { body, tag: `reply-${peer}` })
        note.onclick = () => {
          window.focus()
          useNav.getState().go('inbox')
          void useInbox.getState().open(peer)
          note.close()
        }
      }
      if (Notification.permission === 'granted') show()
      else if (Notification.permission === 'default') {
        void Notification.requestPermission().then((p) => p === 'granted' && show())
      }
    })
    return () => {
      stopWatching()
      stopAlerts()
    }
  }, [])
  return null
}
