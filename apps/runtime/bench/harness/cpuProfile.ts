import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

const BUCKETS: Array<[string, RegExp]> = [
  ['postgres.js driver', /node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?postgres\//],
  ['graphile-worker', /graphile-worker|@graphile|graphile-config/],
  ['zod', /node_modules\/.*\/zod\//],
  ['liquidjs (templates)', /liquidjs/],
  ['nodemailer / mailparser', /nodemailer|mailparser|libmime|libqp|libbase64/],
  ['hono / HTTP server', /hono|@hono/],
  ['pino (logging)', /pino|sonic-boom/],
  ['prom-client', /prom-client/],
  ['@crossroads/nodes (walker, node types)', /packages\/nodes\//],
  ['@crossroads/graph-schema', /packages\/graph-schema\//],
  ['runtime src/', /apps\/runtime\/src\//],
  ['tsx loader', /tsx\/dist|esbuild/],
  ['other node_modules', /node_modules/],
  ['Node.js internals (net, streams, crypto)', /^node:|^internal\//],
];
const NODE_INTERNALS = 'Node.js internals (net, streams, crypto)';

/** Where a CPU profile spent its time: shares by package and the hottest functions. */
export interface ProfileSummary {
  busyMs: number;
  idleMs: number;
  buckets: Array<{ name: string; ms: number; share: number }>;
  top: Array<{ fn: string; ms: number; share: number }>;
}

/**
 * Summarises self time of the main thread's `.cpuprofile` in a folder. node --cpu-prof writes one
 * per thread, named `CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile`; the main thread is
 * thread 0. Choosing the busiest instead picked a piscina render thread, whose wait for work
 * (`atomicsWaitLoop`, a busy wait) counts as busy time in a profile (95 % of it).
 */
export async function summariseCpuProfile(dir: string, skipMs = 0): Promise<ProfileSummary> {
  const all = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile'));
  if (all.length === 0) throw new Error(`no .cpuprofile in ${dir}`);
  // Node names them CPU.<date>.<time>.<pid>.<thread id>.<seq>: thread 0 is the main thread. The
  // busiest is not always it: a render thread parked in piscina's Atomics.wait loop counts as busy.
  const main = all.filter((f) => f.split('.')[4] === '0');
  const files = main.length > 0 ? main : all;
  const summaries = await Promise.all(files.map((f) => summariseFile(join(dir, f), skipMs)));
  return summaries.sort((a, b) => b.busyMs - a.busyMs)[0]!;
}

/** `skipMs`: leave out the samples of the profile's first milliseconds (a process' start-up). */
async function summariseFile(file: string, skipMs: number): Promise<ProfileSummary> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as {
    nodes: ProfileNode[];
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const packageOf = (url: string) => BUCKETS.find(([, re]) => re.test(url))?.[0];
  // Native code and Node.js internals (socket writes, streams, buffers) count for the package that
  // called them: "writeBuffer 13 %" says little, "postgres.js 20 %" says who wrote.
  const callerBucket = (id: number): string | undefined => {
    for (let at = parent.get(id); at !== undefined; at = parent.get(at)) {
      const bucket = packageOf(byId.get(at)!.callFrame.url);
      if (bucket && bucket !== NODE_INTERNALS) return bucket;
    }
    return undefined;
  };
  const selfUs = new Map<number, number>();
  let elapsedUs = 0;
  for (const [i, id] of profile.samples.entries()) {
    elapsedUs += profile.timeDeltas[i] ?? 0;
    if (elapsedUs < skipMs * 1000) continue;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const bucketMs = new Map<string, number>();
  const fnMs = new Map<string, number>();
  let idle = 0;
  let busy = 0;
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const ms = us / 1000;
    if (functionName === '(idle)') {
      idle += ms;
      continue;
    }
    busy += ms;
    const own = packageOf(url);
    const bucket = functionName.startsWith('(')
      ? functionName
      : own === undefined || own === NODE_INTERNALS
        ? (callerBucket(id) ?? own ?? (url ? 'other' : '(native / no url)'))
        : own;
    bucketMs.set(bucket, (bucketMs.get(bucket) ?? 0) + ms);
    const short = url
      .replace(/^.*node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, '')
      .replace(/^.*\/(apps|packages)\//, '$1/');
    const fn = `${functionName || '(anonymous)'} ${short}:${lineNumber + 1}`;
    fnMs.set(fn, (fnMs.get(fn) ?? 0) + ms);
  }
  const rank = (m: Map<string, number>) =>
    [...m.entries()].sort((a, b) => b[1] - a[1]).map(([name, ms]) => ({ name, ms, share: ms / busy }));
  return {
    busyMs: busy,
    idleMs: idle,
    buckets: rank(bucketMs),
    top: rank(fnMs)
      .slice(0, 10)
      .map(({ name, ms, share }) => ({ fn: name, ms, share })),
  };
}
