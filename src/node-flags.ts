/**
 * How a serving process starts: `MALLOC_ARENA_MAX=2 node --max-semi-space-size=8 dist/server.js` (`npm
 * start`, the workers of a cluster, the benchmark, the soak test). Both act when the process starts:
 * the process cannot set them for itself, its command line (or its parent) does.
 *
 * --max-semi-space-size=8: the young generation (the objects of the requests in flight) grows to two
 * halves of 8 MB instead of 16. In alternate runs of the benchmark's pages, the resident memory at the
 * end went from 247 to 215 MB (the highest from 256 to 227 MB), with the same CPU per request within
 * the noise (README › Performance).
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=8']

/**
 * MALLOC_ARENA_MAX=2: glibc's malloc gives each thread that allocates an arena of its own, up to eight
 * per core (V8's compiler and garbage collector threads, libuv's pool), and memory freed in one is
 * not used by another thread nor given back. In the process under the benchmark, about 20 MB sat in
 * those arenas. With two, in the runs of one day: 211–241 MB at the end instead of 226–255 MB, with
 * the same CPU per request (README › Performance). A value the process is started with is kept.
 */
export const SERVER_ENVIRONMENT: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' }

/** `env` with the serving defaults for what it does not set. */
export function withServerEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...SERVER_ENVIRONMENT, ...env }
}
