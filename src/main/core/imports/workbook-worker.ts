/**
 * The workbook reader's worker thread: one workbook's sheets into CSV files (workbook.ts), off
 * main's loop and on the other core, while the window stays as quick as ever. Started by
 * readWorkbook for one file and gone when it is done; bundled as out/main/workbook-worker.js.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { lowerThisThread } from '../thread-priority'
import { serializeError } from '../workers'
import { convertWorkbook } from './workbook'

const { path, outDir } = workerData as { path: string; outDir: string }
const port = parentPort
if (!port) throw new Error('workbook worker started outside a worker thread')
lowerThisThread()
convertWorkbook(path, outDir, (rows) => port.postMessage({ rows })).then(
  (sheets) => port.postMessage({ sheets }),
  (err: unknown) => port.postMessage({ error: serializeError(err) }),
)
