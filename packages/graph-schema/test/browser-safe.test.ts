import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const src = new URL('../src/', import.meta.url);
const sources = (readdirSync(src, { recursive: true }) as string[]).filter(
  (file) => file.endsWith('.ts') && !file.endsWith('.test.ts'),
);

// The editor imports this package in the browser: library code must not need Node built-ins.
describe('graph-schema runs in the browser', () => {
  it('has no node: imports outside tests', () => {
    expect(sources.length).toBeGreaterThan(20);
    const offenders = sources.filter((file) =>
      /from ['"](node:|fs|crypto|path)['"/]/.test(readFileSync(new URL(file, src), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});
