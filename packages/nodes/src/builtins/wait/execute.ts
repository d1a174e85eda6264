import type { Decision, ExecuteContext } from '../../sdk/decision.js';
import { addDuration } from '../shared/duration.js';
import type { WaitConfig } from './config.js';
import { nextWindowStart, zoneFor } from './sendWindow.js';

/** Parks the contact: for a duration, until a send window opens, or until an event or timeout. */
export function executeWait(ctx: ExecuteContext<WaitConfig>): Decision {
  const { config, now } = ctx;
  switch (config.mode) {
    case 'duration': {
      const until = addDuration(now, config.duration);
      return {
        wait: { until },
        next: 'next',
        reason: { summary: `Waiting ${config.duration} until ${until}` },
      };
    }
    case 'until': {
      const zone = zoneFor(ctx.contact, ctx.timezone);
      const opensAt = nextWindowStart(now, config, zone);
      const details = { zone, days: config.days, start: config.start, end: config.end };
      if (opensAt.getTime() === now.getTime())
        return { next: 'next', reason: { summary: `Inside the send window (${zone})`, details } };
      const until = opensAt.toISOString();
      return {
        wait: { until },
        next: 'next',
        reason: { summary: `Outside the send window; waiting until ${until} (${zone})`, details },
      };
    }
    case 'event': {
      const timeoutAt = addDuration(now, config.timeout);
      return {
        waitFor: {
          event: config.event,
          ...(config.where !== undefined && { where: config.where }),
          timeoutAt,
        },
        onEvent: 'event',
        onTimeout: 'timeout',
        reason: { summary: `Waiting for ${config.event} until ${timeoutAt}` },
      };
    }
  }
}
