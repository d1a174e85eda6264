// Channel libraries: no database, no queue. The job engine wires them to the ledger.
export {
  type ComposedEmail,
  type ComposeEmailInput,
  composeEmail,
  type SenderSettings,
} from './email/compose-email.js';
export { classifySmtpError, type DeliveryOutcome, deliver } from './email/deliver.js';
export { isHardBounce } from './email/hard-bounce.js';
export { type BackoffOptions, nextRetryDelay } from './email/retry-delay.js';
export { type RewrittenLinks, rewriteLinks } from './email/rewrite-links.js';
export { type SmtpLease, SmtpPool, type SmtpPoolOptions } from './email/smtp-pool.js';
export { createTransport, type SmtpTimeouts, type SmtpTransport } from './email/smtp-transport.js';
export {
  DEFAULT_GUARDRAILS,
  type DecideSendInput,
  decideSend,
  GuardrailPolicy,
  type GuardrailReason,
  type SendDecision,
} from './guardrails/index.js';
export { type CaughtMessage, findReplyToken } from './smtp-catcher/caught-message.js';
export {
  type SmtpCatcher,
  type SmtpCatcherOptions,
  startSmtpCatcher,
} from './smtp-catcher/start-smtp-catcher.js';
export { type AddressPolicy, refusalForAddress } from './ssrf/address-policy.js';
export { checkUrl, refusalForHost, type UrlCheck } from './ssrf/check-url.js';
export { checkUrlResolved } from './ssrf/check-url-resolved.js';
export {
  type GuardedFetchInit,
  type GuardedFetchOptions,
  type GuardedFetchResult,
  guardedFetch,
} from './ssrf/guarded-fetch.js';
export { BlockedAddressError, guardedLookup, type Resolver } from './ssrf/guarded-lookup.js';
export { TEMPLATE_LIMITS, type TemplateEscape } from './templates/engine.js';
export { type ParseResult, parseTemplate } from './templates/parse-template.js';
export { startRenderThreads, stopRenderThreads } from './templates/render-pool.js';
export {
  checkTemplate,
  type RenderResult,
  type RenderTemplateOptions,
  renderTemplate,
  renderTemplateSync,
} from './templates/render-template.js';
export { describeTemplateError, type TemplateError } from './templates/template-error.js';
export { type DeliverWebhookInput, deliverWebhook, type WebhookOutcome } from './webhooks/deliver-webhook.js';
export {
  WEBHOOK_MAX_ATTEMPTS,
  type WebhookRetryDecision,
  webhookRetrySchedule,
} from './webhooks/retry-schedule.js';
export {
  generateWebhookSecret,
  type SignWebhookInput,
  signWebhook,
  type WebhookHeaders,
} from './webhooks/sign-webhook.js';
export {
  type VerifyWebhookInput,
  type VerifyWebhookResult,
  verifyWebhook,
} from './webhooks/verify-webhook.js';
