/**
 * An incoming message's own id at its provider (SMSC's), where it has one: the same message
 * fetched by a poll and posted to a team server's handler, or posted twice, is kept once.
 */
export const inboundRefs = `
  ALTER TABLE inbound_messages ADD COLUMN ref TEXT;
  CREATE UNIQUE INDEX inbound_messages_ref ON inbound_messages (profile_id, ref)
    WHERE ref IS NOT NULL;
`
