import { describe, expect, it } from 'vitest';
import { breakdown, categoryOf } from './breakdown.js';
import type { Recording, TraceEvent } from './trace.js';

const meta = (pid: number, tid: number, kind: 'thread_name' | 'process_name', name: string): TraceEvent => ({
  name: kind,
  cat: '__metadata',
  ph: 'M',
  ts: 0,
  pid,
  tid,
  args: { name },
});
const x = (name: string, ts: number, dur: number, tid = 1): TraceEvent => ({
  name,
  cat: 'devtools.timeline',
  ph: 'X',
  ts: ts * 1000,
  dur: dur * 1000,
  pid: 7,
  tid,
});

describe('categoryOf', () => {
  it('groups trace events the way DevTools does', () => {
    expect(categoryOf('FunctionCall')).toBe('scripting');
    expect(categoryOf('V8.GC_SCAVENGER_SCAVENGE_PARALLEL')).toBe('gc');
    expect(categoryOf('HitTest')).toBe('hit-testing');
    expect(categoryOf('UpdateLayoutTree')).toBe('style');
    expect(categoryOf('PaintArtifactCompositor::Update')).toBe('paint');
    expect(categoryOf('CpuProfiler::StartProfiling')).toBe('profiler');
    expect(categoryOf('Receive mojo message')).toBe('other');
  });
});

describe('breakdown', () => {
  it('splits the main thread into self time per category and sums the other threads', () => {
    const recording: Recording = {
      wallMs: 100,
      profile: { nodes: [], samples: [], timeDeltas: [], startTime: 0, endTime: 0 },
      events: [
        meta(7, 0, 'process_name', 'Renderer'),
        meta(7, 1, 'thread_name', 'CrRendererMain'),
        meta(7, 2, 'thread_name', 'ThreadPoolForegroundWorker'),
        // A task of 40 ms: 10 ms of script inside it, 5 ms of that a hit test.
        x('RunTask', 0, 40),
        x('FunctionCall', 5, 10),
        x('HitTest', 8, 5),
        x('Layout', 50, 20),
        x('RasterTask', 0, 30, 2),
      ],
    };
    const b = breakdown(recording, '/nonexistent');
    expect(b.mainBusyMs).toBe(60);
    expect(b.main.scripting).toBe(5);
    expect(b.main['hit-testing']).toBe(5);
    expect(b.main.layout).toBe(20);
    expect(b.main.other).toBe(30);
    expect(b.rasterMs).toBe(30);
  });
});
