/** The rejected rows of an import's last check, saved as the CSV main wrote. */
import { call } from '../../api/client'
import { downloadBlob } from '../../components/download'

/** The rejected rows of the last check, fetched page by page and saved as a CSV file. */
export async function downloadRejected(uploadId: string, fileName: string): Promise<void> {
  const parts: string[] = []
  let offset: number | null = 0
  while (offset !== null) {
    const page: { text: string; nextOffset: number | null } = await call('import.rejected', {
      uploadId,
      offset,
    })
    parts.push(page.text)
    offset = page.nextOffset
  }
  downloadBlob(new Blob(parts, { type: 'text/csv;charset=utf-8' }), fileName)
}
