// The light SDK entry for pack code (`@crossroads/nodes/sdk`): contract types and the define
// functions only, no built-ins or walker, so a pack's sandbox bundle stays small.

export type { EditorField, TemplateFieldMeta } from '@crossroads/graph-schema';
export { EDITOR_FIELDS } from '@crossroads/graph-schema';
export * from './capabilities.js';
export * from './decision.js';
export * from './defineNode.js';
export * from './definePack.js';
export * from './registry.js';
