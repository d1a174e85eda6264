// Test aids for Crossroads' own tests (`@crossroads/nodes/testing`), not part of the public SDK.
export { testContext } from './context.js';
export {
  contactArbitrary,
  type JourneyVocabulary,
  journeyVocabulary,
  type TimelineOptions,
  timelineArbitrary,
  UNRELATED_EVENT,
  type ValueChoices,
} from './timelines.js';
