// Exports as the renderer drives them, for integration tests.
import { randomBytes } from 'node:crypto'
import type { callerOf } from './core'

type Call = ReturnType<typeof callerOf>

/** A fresh export id, as the renderer makes one. */
export const newExportId = () => randomBytes(16).toString('hex')

/** The export's file as the renderer gets it: every page read, joined. */
export async function readExport(call: Call, exportId: string): Promise<Buffer> {
  const parts: Buffer[] = []
  let offset: number | null = 0
  while (offset !== null) {
    const page: { dataBase64: string; nextOffset: number | null } = await call('export.read', {
      exportId,
      offset,
    })
    parts.push(Buffer.from(page.dataBase64, 'base64'))
    offset = page.nextOffset
  }
  return Buffer.concat(parts)
}
