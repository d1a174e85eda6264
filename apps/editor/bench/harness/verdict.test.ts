import { describe, expect, it } from 'vitest';
import type { Breakdown } from './breakdown.js';
import { limitLine } from './verdict.js';

const breakdown = (mainBusyMs: number): Breakdown => ({
  windowMs: 1000,
  main: {
    scripting: mainBusyMs / 2,
    'hit-testing': mainBusyMs / 2,
    style: 0,
    layout: 0,
    paint: 0,
    gc: 0,
    other: 0,
  },
  mainBusyMs,
  js: [{ name: '@xyflow', ms: mainBusyMs / 4 }],
  rasterMs: 300,
  compositorMs: 100,
  gpuMs: 100,
  topEvents: [],
});

describe('limitLine', () => {
  it('names the frame ceiling when the page keeps up with the baseline', () => {
    const line = limitLine(breakdown(400), { fps: 59, baselineFps: 60 });
    expect(line).toContain("the browser's frame ceiling (60 fps on the 1-node baseline), not the page");
    expect(line).toContain('scripting 20% (@xyflow 10%), hit-testing pointer moves 20%');
  });

  it('warns when the ceiling holds with the main thread nearly full', () => {
    expect(limitLine(breakdown(950), { fps: 60, baselineFps: 60 })).toContain(
      'That thread is the next limit.',
    );
  });

  it('blames the main thread when frames fall behind and it was busy', () => {
    expect(limitLine(breakdown(950), { fps: 30, baselineFps: 60 })).toMatch(
      /^\*\*Limit:\*\* CPU on the renderer's main thread busy 95%/,
    );
  });

  it('blames CPU across threads when frames fall behind with the main thread not saturated', () => {
    expect(limitLine(breakdown(500), { fps: 30, baselineFps: 60 })).toContain('CPU spread over the renderer');
  });
});
