// Where the CPU time of a profile went (node --cpu-prof, e.g. `npm run bench -- --profile`): the
// functions with the most self time, and the time per package or per folder of the app.
//
//   npx tsx scripts/cpu-profile-summary.ts tmp/profiles/CPU.….cpuprofile [--top 30] [--last 10]
// --last S keeps the samples of the last S seconds only (the load, without the start-up).
import { readFileSync } from 'node:fs'

type CallFrame = { functionName: string; url: string; lineNumber: number }
type ProfileNode = { id: number; callFrame: CallFrame; hitCount?: number }
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

const file = process.argv[2]
if (!file) throw new Error('usage: tsx scripts/cpu-profile-summary.ts <file.cpuprofile> [--top N]')
const topIndex = process.argv.indexOf('--top')
const top = topIndex === -1 ? 30 : Number(process.argv[topIndex + 1])
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
const lastIndex = process.argv.indexOf('--last')
const keepFrom = (() => {
  if (lastIndex === -1) return 0
  const window = Number(process.argv[lastIndex + 1]) * 1e6
  let elapsed = 0
  for (let index = profile.timeDeltas.length - 1; index >= 0; index--) {
    elapsed += profile.timeDeltas[index]
    if (elapsed >= window) return index
  }
  return 0
})()

const nodeById = new Map(profile.nodes.map((node) => [node.id, node]))
const selfTime = new Map<number, number>()
profile.samples.forEach((id, index) => {
  if (index >= keepFrom) selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0))
})

/** node_modules/<package> (scoped ones with their scope), the app's folder, node's internals or the VM. */
function placeOf(url: string): string {
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (inModules) return inModules[1]
  const inApp = /\/dist\/(.+)\/[^/]+$/.exec(url) ?? /\/src\/(.+)\/[^/]+$/.exec(url)
  if (inApp) return `app: ${inApp[1]}`
  if (url.startsWith('node:')) return 'node internals'
  return url === '' ? '(vm: gc, idle, program, native)' : url
}

const byFunction = new Map<string, number>()
const byPlace = new Map<string, number>()
let total = 0
let idle = 0
for (const [id, micros] of selfTime) {
  const { callFrame } = nodeById.get(id)!
  total += micros
  if (callFrame.functionName === '(idle)') idle += micros
  const name = `${callFrame.functionName || '(anonymous)'} ${callFrame.url.replace(/^.*\/(node_modules|dist|src)\//, '$1/')}:${callFrame.lineNumber + 1}`
  byFunction.set(name, (byFunction.get(name) ?? 0) + micros)
  byPlace.set(placeOf(callFrame.url), (byPlace.get(placeOf(callFrame.url)) ?? 0) + micros)
}

const busy = total - idle
const share = (micros: number) => `${((micros / busy) * 100).toFixed(1).padStart(5)} %`
console.log(`${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (shares below are of the busy time)\n`)
console.log('by package or folder:')
for (const [place, micros] of [...byPlace].sort((a, b) => b[1] - a[1]).slice(0, 20))
  if (place !== '(vm: gc, idle, program, native)' || micros > 0) console.log(`  ${share(micros)}  ${place}`)
console.log(`\ntop ${top} functions by self time:`)
for (const [name, micros] of [...byFunction]
  .filter(([name]) => !name.startsWith('(idle)'))
  .sort((a, b) => b[1] - a[1])
  .slice(0, top))
  console.log(`  ${share(micros)}  ${name}`)
