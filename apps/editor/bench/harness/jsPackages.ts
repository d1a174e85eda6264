import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SourceMapConsumer } from 'source-map-js';
import type { CpuProfile } from './trace.js';

/** Packages that do one job for the canvas, reported together. */
const GROUPS: Array<[RegExp, string]> = [
  [/^(react-dom|react|scheduler)$/, 'react-dom'],
  [/^(@xyflow\/.*|d3-.*|classcat)$/, '@xyflow'],
  [/^(zustand|zundo|use-sync-external-store)$/, 'zustand'],
  [/^(monaco-editor|@codingame\/.*)$/, 'monaco'],
];

/**
 * JS self time of a CPU profile by package (ms), read through the bundle's source maps: `src` is
 * this app's own code, `@crossroads/*` the workspace packages, else the npm package name. Native
 * functions (DOM calls such as getBoundingClientRect) count for the JS that called them.
 *
 * @example
 * jsTimeByPackage(profile, 'apps/editor/dist/assets'); // Map { 'react-dom' => 290.1, '@xyflow' => 207.3, ... }
 */
export function jsTimeByPackage(profile: CpuProfile, assetsDir: string): Map<string, number> {
  const maps = new Map<string, SourceMapConsumer | null>();
  const consumer = (url: string): SourceMapConsumer | null => {
    const file = url.split('/').pop() ?? '';
    if (!maps.has(file)) {
      try {
        maps.set(
          file,
          new SourceMapConsumer(JSON.parse(readFileSync(join(assetsDir, `${file}.map`), 'utf8'))),
        );
      } catch {
        maps.set(file, null);
      }
    }
    return maps.get(file) ?? null;
  };
  const parent = new Map<number, number>();
  for (const node of profile.nodes as Array<CpuProfile['nodes'][number] & { children?: number[] }>) {
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const packageOf = new Map<number, string>();
  const resolve = (id: number): string => {
    const known = packageOf.get(id);
    if (known) return known;
    const frame = byId.get(id)?.callFrame;
    let name: string;
    if (!frame) name = 'other';
    else if (!frame.url) {
      const up = parent.get(id);
      name = up !== undefined && byId.get(up)?.callFrame.functionName !== '(root)' ? resolve(up) : 'other';
    } else {
      const map = frame.lineNumber >= 0 ? consumer(frame.url) : null;
      const source = map?.originalPositionFor({
        line: frame.lineNumber + 1,
        column: frame.columnNumber,
      }).source;
      name = source ? packageName(source) : frame.url.includes('/assets/') ? 'other' : 'bench';
    }
    packageOf.set(id, name);
    return name;
  };
  const out = new Map<string, number>();
  for (const [i, id] of profile.samples.entries()) {
    const fn = byId.get(id)?.callFrame.functionName ?? '';
    if (['(idle)', '(program)', '(garbage collector)', '(root)'].includes(fn)) continue;
    const name = resolve(id);
    // The delta before a sample is the time it stands for; V8 writes a few negative ones.
    out.set(name, (out.get(name) ?? 0) + Math.max(0, profile.timeDeltas[i] ?? 0) / 1000);
  }
  return out;
}

/** `../../node_modules/.pnpm/x/node_modules/@xyflow/system/dist/...` → `@xyflow`; our own sources → `src`. */
export function packageName(source: string): string {
  const npm = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(source)?.[1];
  if (npm) return GROUPS.find(([re]) => re.test(npm))?.[1] ?? npm;
  const workspace = /packages\/([^/]+)\/src\//.exec(source)?.[1];
  if (workspace) return `@crossroads/${workspace}`;
  return 'src';
}
