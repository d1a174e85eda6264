// Signed tracking tokens (open pixel, click redirect, unsubscribe) and reply-address tokens.
export {
  MAX_TOKEN_LENGTH,
  replyTokenFor,
  signTrackingToken,
  type TrackingClaims,
  verifyTrackingToken,
} from './tokens.js';
