import { fiveStepJourney } from '../../../bench/harness/journeys.js';
import { fuzzRoutes, fuzzWorld, HOSTILE, type Send, statusLine } from '../../../src/testing/routeFuzz.js';
import { type InProcessApp, startInProcessApp } from '../inProcessApp.js';
import { Recorder, type Scale, type ScenarioResult } from '../scenario.js';

const SEED = 20261124;

/**
 * Every operation of /openapi.json, fuzzed from its own schemas (src/testing/routeFuzz.ts): each
 * parameter and body value of an accepted request set in turn to every hostile value (NUL, lone
 * surrogates, 100,000 characters, year 0000 and past 9999, wrong types…), then random requests by
 * every role. Expect no 5xx, a problem naming the fault for every 4xx of /v1, and every answer
 * inside its route's contract.
 */
export async function fuzzRoutesScenario(scale: Scale): Promise<ScenarioResult> {
  const size = { runs: scale.routeFuzzRuns, probes: HOSTILE.length, seed: SEED };
  const r = new Recorder(
    'Fuzz every route from its schemas',
    `every operation of /openapi.json: an accepted request with each parameter and body value set in turn to ${size.probes} hostile values, then ${size.runs} random requests (fast-check, seed ${SEED}) by every role, against the app in-process`,
  );
  let api: InProcessApp | undefined;
  try {
    api = await startInProcessApp();
    const app = api.app;
    const send: Send = async (method, path, headers, body) => {
      const res = await app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
      return { status: res.status, contentType: res.headers.get('content-type'), text: await res.text() };
    };
    const doc = (await (await app.request('/openapi.json')).json()) as Record<string, unknown>;
    const world = await fuzzWorld(send, api.adminKey, fiveStepJourney('fuzz.start'), doc);
    const report = await fuzzRoutes(send, world, size);
    r.figure('operations', Object.values(doc.paths as object).flatMap((item) => Object.keys(item)).length);
    r.figure('requests', report.requests);
    r.figure('answers by status', statusLine(report));
    const fives = report.failures.filter((f) => /: 5\d\d /.test(f));
    r.expect('5xx answers', fives.length, (n) => n === 0, '0');
    r.expect(
      'other failures (4xx without a problem, answers outside the contract)',
      report.failures.length - fives.length,
      (n) => n === 0,
      '0',
    );
    for (const line of report.failures.slice(0, 8)) r.fail(line);
  } catch (error) {
    r.fail(`aborted: ${(error as Error).stack ?? error}`);
  } finally {
    await api?.close();
  }
  return r.done();
}
