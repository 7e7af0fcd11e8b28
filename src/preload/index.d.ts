import type { Bridge } from '../shared/contract'

declare global {
  interface Window {
    /** Present in the Electron window (preload); absent in browser mode. */
    api?: Bridge
  }
}

export {}
