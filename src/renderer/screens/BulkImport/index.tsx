/**
 * Bulk import: a CSV file (or pasted rows) becomes a batch of messages. The file and its format,
 * the message its columns map to, the check's summary and the send, the batch as it sends, the
 * recent batches and the stop-list; their state is the screen's own store (stores/bulk-import).
 */
import { useEffect, useId, useState } from 'react'
import { BulkImportContext, createBulkImport, useBulkImport } from '../../stores/bulk-import'
import { useNav } from '../../stores/nav'
import { BatchPanel } from './BatchPanel'
import { FileSource } from './FileSource'
import { Mapping } from './Mapping'
import { RecentBatches } from './RecentBatches'
import { StopList } from './StopList'
import { useImportT } from './strings'
import { Summary } from './Summary'
import './styles.css'

export function BulkImport() {
  // A fresh store each time the screen opens: leaving it starts over.
  const [store] = useState(createBulkImport)
  useEffect(() => {
    void store.getState().loadBatches()
    // Opened from Contacts: their list is the file.
    const recipients = useNav.getState().takeRecipients()
    if (recipients) void store.getState().fromContacts(recipients.filter, recipients.name)
    return store.getState().watch()
  }, [store])
  return (
    <BulkImportContext.Provider value={store}>
      <Screen />
    </BulkImportContext.Provider>
  )
}

function Screen() {
  const t = useImportT()
  const ids = useId()
  const error = useBulkImport((s) => s.error)
  const analysis = useBulkImport((s) => s.analysis)
  const summary = useBulkImport((s) => s.summary)
  const shownBatch = useBulkImport((s) => s.shownBatch)
  return (
    <main className="screen import-screen" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t.title}</h2>
      {error && (
        <p className="error" role="alert">
          {t.error(error)}
        </p>
      )}
      <FileSource />
      {analysis && <Mapping analysis={analysis} />}
      {summary && <Summary summary={summary} />}
      {shownBatch !== null && <BatchPanel key={shownBatch} batchId={shownBatch} />}
      <RecentBatches />
      <StopList />
    </main>
  )
}
