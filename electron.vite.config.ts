import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

// Native modules and the SMPP codec stay outside the bundle: they are loaded from
// node_modules at run time (better-sqlite3 and keytar are compiled addons).
const external = ['better-sqlite3', 'keytar', 'smpp', 'ws', 'electron']

export default defineConfig({
  main: {
    build: {
      // Pure-JS dependencies go into the bundle: one file to read at start, not hundreds.
      externalizeDeps: { exclude: ['zod'] },
      rollupOptions: {
        external,
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          serve: resolve(__dirname, 'src/main/serve.ts'),
          // The team server (src/main/server): `npm run server`.
          server: resolve(__dirname, 'src/main/server/server.ts'),
          'server-try': resolve(__dirname, 'src/main/server/try.ts'),
          // History's reads run in this worker thread (see src/main/core/history/reader.ts).
          'history-worker': resolve(__dirname, 'src/main/core/history/worker.ts'),
          // The stores' SQL runs in this one (see src/main/core/stores/remote.ts).
          'storage-worker': resolve(__dirname, 'src/main/core/stores/worker.ts'),
          // An imported Excel workbook is read in this one (see src/main/core/imports/workbook.ts).
          'workbook-worker': resolve(__dirname, 'src/main/core/imports/workbook-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require nothing but `electron`: bundle everything else.
      externalizeDeps: false,
      rollupOptions: {
        external: ['electron'],
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        // A sandboxed window cannot load an ES-module preload.
        output: { format: 'cjs', entryFileNames: '[name].js' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      // Smaller to fetch and parse: the page is ready sooner after start.
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
    plugins: [
      react(),
      {
        // The dev server's Fast Refresh preamble is an inline script; allow it in `npm run dev` only.
        name: 'dev-csp',
        apply: 'serve',
        transformIndexHtml: (html: string) =>
          html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
      },
    ],
  },
})
