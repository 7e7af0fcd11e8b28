/**
 * Contacts grow into lists a campaign can use: any fields of their own (a JSON object of text,
 * e.g. {"city": "Душанбе", "debt": "1500"}, usable as template variables), tags (a JSON array
 * of words), and groups — named sets a contact can belong to any number of, which a bulk send
 * can take as its recipients. A group's members are looked up by group and by number.
 */
export const contactLists = `
  ALTER TABLE contacts ADD COLUMN fields TEXT NOT NULL DEFAULT '{}';
  ALTER TABLE contacts ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
  CREATE TABLE contact_groups (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    name_folded  TEXT NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL
  );
  CREATE TABLE contact_group_members (
    group_id  INTEGER NOT NULL REFERENCES contact_groups(id) ON DELETE CASCADE,
    phone     TEXT NOT NULL,
    PRIMARY KEY (group_id, phone)
  ) WITHOUT ROWID;
  CREATE INDEX contact_group_members_phone ON contact_group_members(phone);
`
