import type { BrowserContext, CDPSession, Page } from 'playwright-core';

/** One Chrome trace event (the fields we read). */
export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: Record<string, unknown> };
}

/** A V8 CPU profile as `Profiler.stop` returns it. */
export interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  }>;
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface Recording {
  events: TraceEvent[];
  profile: CpuProfile;
  /** Wall time of the recorded action, ms. */
  wallMs: number;
}

const CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'blink',
  'v8',
  'cc',
  'viz',
];

/** A running recording: a Chrome trace (every thread of every process) plus a JS CPU profile of the page. */
export interface Recorder {
  stop(): Promise<Recording>;
}

/**
 * Starts a CDP trace and a V8 CPU profile of the page (1 ms sampling: finer sampling costs the
 * page enough to change what it measures).
 *
 * @example
 * const recorder = await startRecording(context, page);
 * await panFps(page, 3000);
 * const { events, profile } = await recorder.stop();
 */
export async function startRecording(context: BrowserContext, page: Page): Promise<Recorder> {
  const cdp: CDPSession = await context.newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: CATEGORIES },
  });
  await cdp.send('Profiler.start');
  const started = Date.now();
  return {
    async stop() {
      const wallMs = Date.now() - started;
      const { profile } = await cdp.send('Profiler.stop');
      const complete = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
      await cdp.send('Tracing.end');
      await complete;
      await cdp.detach();
      return { events, profile: profile as CpuProfile, wallMs };
    },
  };
}
