/**
 * The Electron shell: one window, its security settings, the IPC adapter and the lifecycle.
 * Everything the console does lives in ./core, which knows nothing about Electron.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { app, BrowserWindow, dialog, nativeImage, session, shell } from 'electron'
import { badgeDot, followUnread } from './unread-badge'
import { createCore } from './core/app'
import { DataFolderError, localTime } from './core/db/errors'
import { phrase, phraseText } from '../shared/phrases'
import type { PhraseRef } from '../shared/domain'
import { CONTENT_SECURITY_POLICY } from './core/adapters/csp'
import { describeUrl, isAllowedExternalUrl } from './external-links'
import type { Core } from './core/types'
import { registerIpc } from './ipc'
import { watchUnhandled } from './core/unhandled'

watchUnhandled((text) => console.error(`SMS Operator Console: ${text}`))

const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined
const rendererFile = join(__dirname, '../renderer/index.html')
// `npm run dev` only: React Fast Refresh injects an inline preamble script into the page.
const DEV_POLICY = CONTENT_SECURITY_POLICY.replace(
  "script-src 'self'",
  "script-src 'self' 'unsafe-inline'",
)

const dataDirArg = readArg('--data-dir') ?? process.env.SMS_CONSOLE_DATA_DIR
// A chosen data dir is also Electron's own profile dir, so the single-instance lock is per dir.
if (dataDirArg) app.setPath('userData', dataDirArg)

let core: Core | null = null
let mainWindow: BrowserWindow | null = null
let quitting = false

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })
  app.whenReady().then(start, (err: unknown) => fatal(err))
}

async function start(): Promise<void> {
  harden()
  const dataDir = dataDirArg ?? app.getPath('userData')
  let restoreBackup = false
  for (;;) {
    try {
      core = await createCore({
        dataDir,
        mode: 'electron',
        version: app.getVersion(),
        sqliteNativeBinding: nativeSqlite(),
        chooseImportFile,
        restoreBackup,
        historyWorker: join(__dirname, 'history-worker.js'),
        storageWorker: join(__dirname, 'storage-worker.js'),
        workbookWorker: join(__dirname, 'workbook-worker.js'),
      })
      break
    } catch (err) {
      // A refused database with a good backup: the operator chooses to restore it or to quit.
      if (!restoreBackup && err instanceof DataFolderError && err.backup) {
        console.error('SMS Operator Console failed to start:', err.message)
        if (!(await offerRestore(err, err.backup.takenAt))) return app.exit(1)
        restoreBackup = true
        continue
      }
      return fatal(err)
    }
  }
  const dot = nativeImage.createFromBitmap(badgeDot(16), { width: 16, height: 16 })
  followUnread(core, {
    setBadgeCount: (count) => {
      app.setBadgeCount(count)
      // Windows shows no count on the taskbar: a dot over the window's button says there are
      // replies, its description how many.
      if (process.platform === 'win32') {
        for (const win of BrowserWindow.getAllWindows()) {
          win.setOverlayIcon(count > 0 ? dot : null, count > 0 ? unreadDescription(count) : '')
        }
      }
    },
    flash: () => {
      for (const win of BrowserWindow.getAllWindows()) if (!win.isFocused()) win.flashFrame(true)
    },
  })
  registerIpc({
    core,
    isAppUrl,
    log: (level, message) => (level === 'info' ? console.info(message) : console.warn(message)),
  })
  mainWindow = createWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow()
  })
}

/** Bulk import's open dialog: main reads the chosen file in place, nothing is uploaded. */
async function chooseImportFile(title: string): Promise<string | null> {
  const options: Electron.OpenDialogOptions = {
    title,
    properties: ['openFile'],
    filters: [
      { name: 'CSV, Excel', extensions: ['csv', 'txt', 'tsv', 'xlsx'] },
      { name: '*', extensions: ['*'] },
    ],
  }
  const owner = mainWindow && !mainWindow.isDestroyed() ? mainWindow : null
  const result = owner
    ? await dialog.showOpenDialog(owner, options)
    : await dialog.showOpenDialog(options)
  return result.canceled ? null : (result.filePaths[0] ?? null)
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'SMS Operator Console',
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    },
  })
  win.once('ready-to-show', () => win.show())
  win.on('focus', () => win.flashFrame(false))
  // The renderer marks <html data-ready="true"> once profiles are loaded; e2e tests wait on it.
  win.webContents.on('did-finish-load', () => console.info('SMS Operator Console: window loaded'))
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null
  })
  if (devServerUrl) void win.loadURL(devServerUrl)
  else void win.loadFile(rendererFile)
  return win
}

/** Applies to every web contents: no navigation away, no popups, no webviews, no permissions. */
function harden(): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [devServerUrl ? DEV_POLICY : CONTENT_SECURITY_POLICY],
      },
    })
  })
  // Desktop notifications (failed batches) from our own page are the one permission granted.
  session.defaultSession.setPermissionRequestHandler((wc, permission, callback) =>
    callback(permission === 'notifications' && isAppUrl(wc.getURL())),
  )
  session.defaultSession.setPermissionCheckHandler(
    (wc, permission) => permission === 'notifications' && isAppUrl(wc?.getURL() ?? ''),
  )
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (url !== contents.getURL()) event.preventDefault()
    })
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault()
    })
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(({ url }) => {
      // A provider's site or cabinet opens in the user's browser, never in the app; any other
      // URL (another host, another scheme) is dropped.
      if (isAllowedExternalUrl(url)) void shell.openExternal(url)
      else console.warn(`Refused to open an external link to ${describeUrl(url)}`)
      return { action: 'deny' }
    })
  })
}

function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url)
    if (devServerUrl) return u.origin === new URL(devServerUrl).origin
    return u.protocol === 'file:' && `${u.origin}${u.pathname}` === pathToFileURL(rendererFile).href
  } catch {
    return false
  }
}

/** better-sqlite3 rebuilt for Electron's ABI by scripts/electron-native.mjs, if present. */
function nativeSqlite(): string | undefined {
  const file = app.isPackaged
    ? join(process.resourcesPath, 'native', 'better_sqlite3.node')
    : join(app.getAppPath(), 'build', 'native', 'electron', 'better_sqlite3.node')
  return existsSync(file) ? file : undefined
}

app.on('before-quit', (event) => {
  if (quitting || !core) return
  // Unbind the SMPP sessions and close the database before the process goes.
  event.preventDefault()
  quitting = true
  const closing = core
  core = null
  closing
    .close()
    .catch((err: unknown) => console.error('core.close failed:', err))
    .finally(() => app.quit())
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})

function readArg(name: string): string | undefined {
  const argv = process.argv
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === name) return argv[i + 1]
    if (a?.startsWith(`${name}=`)) return a.slice(name.length + 1)
  }
  return undefined
}

function fatal(err: unknown): void {
  const message =
    err instanceof DataFolderError
      ? said(err.phrase, err.message)
      : err instanceof Error
        ? err.message
        : String(err)
  console.error('SMS Operator Console failed to start:', err)
  dialog.showErrorBox(said(phrase('start.failed'), 'SMS Operator Console could not start'), message)
  app.exit(1)
}

/** The refusal and its way out: restore the newest good backup (true), or quit (false). */
async function offerRestore(err: DataFolderError, takenAt: number): Promise<boolean> {
  const title = said(phrase('start.failed'), 'SMS Operator Console could not start')
  const { response } = await dialog.showMessageBox({
    type: 'error',
    title,
    message: title,
    detail: said(err.phrase, err.message),
    buttons: [
      said(phrase('start.restore', { time: localTime(takenAt) }), 'Restore the backup'),
      said(phrase('start.quit'), 'Quit'),
    ],
    defaultId: 0,
    cancelId: 1,
    noLink: true,
  })
  return response === 0
}

/** "3 unread replies", for the taskbar's overlay. */
function unreadDescription(count: number): string {
  return said(phrase('inbox.unreadCount', { count }), `${count}`)
}

/** A phrase in the system's language (Russian or English), before any window has a setting. */
function said(ref: PhraseRef, fallback: string): string {
  return phraseText(ref, /^ru/i.test(app.getLocale()) ? 'ru' : 'en') ?? fallback
}
