// Channel services the engine calls (they need the database; the pure libraries are in src/channels/).
export { suppressHardBounce } from './bounces.js';
export {
  type ChannelSettings,
  crmEndpoint,
  crmEndpointOf,
  DEFAULT_CHANNEL_SETTINGS,
  loadChannelSettings,
  parseChannelSettings,
} from './channelSettings.js';
export { type Engagement, loadEngagement } from './engagement.js';
export { type EngagementType, emitEngagementEvent } from './engagementEvents.js';
export { engagementByNode, type NodeEngagement } from './engagementStats.js';
export { eraseChannelData } from './erasure.js';
export { checkSend, type SendCheck, type SendCheckInput } from './guardrails.js';
export { recordCaughtReply, recordReply } from './replies.js';
export { addSuppression, isSuppressed, type SuppressionReason } from './suppressions.js';
export { type TemplateProblem, templateProblems, validateSendTemplates } from './templates.js';
export { composeOptions, makeTrackingUrls, recordTrackedMessage, type TrackingUrls } from './tracking.js';
