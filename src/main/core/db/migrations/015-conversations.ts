/**
 * Conversations: each inbound message knows the customer it came from as a thread's key — the
 * sender's address without the signs a number is written with (`+992 93 555-01-77` →
 * `992935550177`), as outgoing messages store their phone — so a thread reads both tables by
 * index. The same expression is the inbox store's (inbox/store.ts), for messages stored from now.
 */
const peer = (addr: string) =>
  `replace(replace(replace(replace(replace(${addr}, '+', ''), ' ', ''), '-', ''), '(', ''), ')', '')`

export const conversations = `
  ALTER TABLE inbound_messages ADD COLUMN peer TEXT;
  UPDATE inbound_messages SET peer = ${peer('from_addr')};
  CREATE INDEX inbound_peer ON inbound_messages(peer, id);
  CREATE INDEX inbound_peer_unread ON inbound_messages(peer) WHERE read_at IS NULL;
`
