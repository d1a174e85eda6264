import type { Decision, EmailEffect, ExecuteContext } from '../../sdk/decision.js';
import type { SendConfig } from './config.js';

/** Asks the runtime to render and send the email, then continues. Rendering happens in the runtime. */
export function executeSend(ctx: ExecuteContext<SendConfig>): Decision {
  const { subject, html, text, from, replyTo, reason, category } = ctx.config;
  const effect: EmailEffect = {
    kind: 'email',
    subject,
    ...(html && { html }),
    ...(text && { text }),
    ...(from && { from }),
    ...(replyTo && { replyTo }),
    reason,
    category,
  };
  return { next: 'next', effect, reason: { summary: `Email '${subject}' queued (${category})` } };
}
