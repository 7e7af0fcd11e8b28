/**
 * Hands a file to main in chunks small enough for the bridge (150 KiB raw, base64 in a
 * request under the 256 KiB limit). Main writes it under its data folder; the renderer's
 * file name is only shown.
 */
import type { CsvAnalysis } from '../../shared/calls/imports'
import { call } from '../api/client'

function toBase64(bytes: Uint8Array): string {
  let binary = ''
  // Chunks of 32 KiB keep String.fromCharCode's argument list within engine limits.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  }
  return btoa(binary)
}

export async function uploadFile(
  file: File,
  onProgress: (sent: number, total: number) => void,
): Promise<CsvAnalysis> {
  const { uploadId, chunkBytes } = await call('import.begin', {
    name: file.name || 'file.csv',
    size: file.size,
  })
  let seq = 0
  for (let at = 0; at < file.size; at += chunkBytes, seq++) {
    const bytes = new Uint8Array(await file.slice(at, at + chunkBytes).arrayBuffer())
    await call('import.chunk', { uploadId, seq, dataBase64: toBase64(bytes) })
    onProgress(Math.min(file.size, at + chunkBytes), file.size)
  }
  return call('import.finish', { uploadId })
}
