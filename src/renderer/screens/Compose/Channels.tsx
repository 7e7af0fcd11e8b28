/** A cascade profile's channels in Compose (always tried in the provider's order), and Viber's button. */
import { useId, type ReactNode } from 'react'
import type { ChannelName } from '../../../shared/contract'
import { Field } from '../../components/Field'
import { useT } from '../../i18n'

interface Props {
  offered: readonly ChannelName[]
  channels: ChannelName[]
  onChannels(channels: ChannelName[]): void
  buttonText: string
  buttonUrl: string
  onButton(text: string, url: string): void
  invalid: boolean
  describedBy?: string
  error: ReactNode
}

export function Channels(props: Props) {
  const t = useT()
  const ids = useId()
  const { channels, buttonText, buttonUrl } = props
  return (
    <fieldset
      className="channels"
      aria-invalid={props.invalid ? true : undefined}
      aria-describedby={props.describedBy}
    >
      <legend>{t.channels}</legend>
      {props.offered.map((c) => (
        <label key={c} className="check">
          <input
            type="checkbox"
            checked={channels.includes(c)}
            onChange={(e) =>
              props.onChannels(
                e.target.checked ? [...channels, c] : channels.filter((x) => x !== c),
              )
            }
          />{' '}
          {t.channelNames[c]}
        </label>
      ))}
      {props.offered.includes('viber') && channels.includes('viber') && (
        <div className="row">
          <Field id={`${ids}-button-text`} label={t.viberButtonText}>
            <input
              id={`${ids}-button-text`}
              value={buttonText}
              maxLength={19}
              onChange={(e) => props.onButton(e.target.value, buttonUrl)}
            />
          </Field>
          <Field id={`${ids}-button-url`} label={t.viberButtonUrl}>
            <input
              id={`${ids}-button-url`}
              value={buttonUrl}
              type="url"
              placeholder="https://"
              onChange={(e) => props.onButton(buttonText, e.target.value)}
            />
          </Field>
        </div>
      )}
      {props.error}
    </fieldset>
  )
}
