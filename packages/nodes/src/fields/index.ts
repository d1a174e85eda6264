export { branchLabel, newBranchId } from './branches.js';
export { type FieldSchema, type FoundField, findFields } from './findFields.js';
export {
  type SchemaRegistry,
  type SegmentRef,
  segmentRefs,
  type TemplateRef,
  templateRefs,
} from './graphFields.js';
export {
  configJsonSchema,
  eventTypeFields,
  fieldsMarked,
  type HasConfigSchema,
  ruleFields,
  segmentFields,
  type TemplateField,
  templateFields,
} from './nodeFields.js';
