/**
 * Quiet hours: a profile's bulk messages reach a recipient only between `quiet_from` and
 * `quiet_to` (minutes after the recipient's local midnight; both NULL: any time). A bulk message
 * carries its recipient's UTC offsets in minutes (`tz_min`, `tz_max`: the earliest and the
 * latest of the zones its number may be in, read from the numbering plan when it was queued;
 * NULL: not known), so holding the messages whose recipients' hour has passed is one UPDATE.
 */
export const quietHours = `
  ALTER TABLE profiles ADD COLUMN quiet_from INTEGER;
  ALTER TABLE profiles ADD COLUMN quiet_to INTEGER;
  ALTER TABLE messages ADD COLUMN tz_min INTEGER;
  ALTER TABLE messages ADD COLUMN tz_max INTEGER;
`
