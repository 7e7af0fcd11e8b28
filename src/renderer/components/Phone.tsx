/** A number as every list shows it: the number, and its contact's name when it has one. */
import { useContactName } from '../stores/contact-names'

export function Phone({ phone }: { phone: string }) {
  const name = useContactName(phone)
  return (
    <>
      {phone}
      {name && <span className="contact-name"> · {name}</span>}
    </>
  )
}
