export { type DescribeOptions, describeItem, stepTitle } from './describe.js';
export {
  graphItems,
  type ItemKind,
  type ItemRef,
  itemKey,
  itemValue,
  type NodeContent,
  parseItemKey,
  sameItem,
  withItem,
} from './items.js';
export {
  type ConflictReason,
  type MergeConflict,
  type MergeOptions,
  type MergeResult,
  type MergeSide,
  mergeGraphs,
} from './mergeGraphs.js';
