/**
 * The V8 flags the console runs with (`npm run serve`, `npm start`, the Linux packages): a small
 * young generation, so that each scavenge of main's heap is short. Every benchmark process runs
 * with them, the console's figures and their anchors' alike.
 */
export const CONSOLE_NODE_FLAGS = ['--max-semi-space-size=2']
