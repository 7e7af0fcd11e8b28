/**
 * Scheduled messages by when they fall due. Every claim promotes the scheduled messages that
 * fell due, and the dispatcher asks when the next one does: with a 1,000,000-row campaign
 * scheduled for tomorrow, both walked every scheduled row of the profile (the due index has no
 * time in it), ~40 ms a claim. This index holds scheduled rows only, by profile and time, so
 * both read just the rows that are due (or the first one to come).
 */
export const scheduledDue = `
  CREATE INDEX messages_scheduled_due ON messages(profile_id, scheduled_at)
    WHERE state = 'scheduled';
`
