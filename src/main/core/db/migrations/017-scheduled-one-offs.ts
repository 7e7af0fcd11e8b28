/**
 * Compose lists the one-off messages waiting for their time: this index holds just those, by
 * time, so the list never walks a scheduled campaign's million rows to find them.
 */
export const scheduledOneOffs = `
  CREATE INDEX messages_scheduled_oneoff ON messages(scheduled_at)
    WHERE state = 'scheduled' AND batch_id IS NULL;
`
