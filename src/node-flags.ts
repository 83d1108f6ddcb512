/**
 * The V8 flags a serving process starts with: `node --max-semi-space-size=8 dist/server.js` (`npm
 * start`, the workers of a cluster, the benchmark, the soak test). They size V8's heap when the process
 * starts: the process cannot set them for itself, its command line does.
 *
 * --max-semi-space-size=8: the young generation (the objects of the requests in flight) grows to two
 * halves of 8 MB instead of 16. In alternate runs of the benchmark's pages, the resident memory at the
 * end went from 247 to 215 MB (the highest from 256 to 227 MB), with the same CPU per request within
 * the noise (README › Performance).
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=8']
