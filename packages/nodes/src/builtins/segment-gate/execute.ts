import type { LogicRule } from '@crossroads/graph-schema';
import { type Decision, type ExecuteContext, logicData } from '../../sdk/decision.js';
import { evaluateRule } from '../shared/logic.js';
import { type Branch, GATE_ELSE, type SegmentGateConfig } from './config.js';

/** The rule a branch stands for: inline, or the named workspace segment's. */
function ruleOf(branch: Branch, segments: Record<string, LogicRule>): LogicRule {
  if (branch.segment === undefined) return branch.rule;
  if (!Object.hasOwn(segments, branch.segment)) {
    throw new Error(`Branch '${branch.label}' refers to segment '${branch.segment}', which does not exist`);
  }
  return segments[branch.segment];
}

/**
 * Sends the contact down the first matching branch, else `else`. The reason records the rule
 * that matched and every value it read, so an auditor can see why.
 */
export function executeSegmentGate(ctx: ExecuteContext<SegmentGateConfig>): Decision {
  const data = logicData(ctx);
  const checked: Array<{ branch: string; reads: Record<string, unknown> }> = [];
  for (const branch of ctx.config.branches) {
    const rule = ruleOf(branch, ctx.segments);
    const { matched, reads } = evaluateRule(rule, data);
    if (matched) {
      return {
        next: branch.id,
        reason: {
          summary: `Branch '${branch.label}' matched`,
          details: {
            branch: branch.id,
            ...(branch.segment && { segment: branch.segment }),
            rule,
            reads,
            checked,
          },
        },
      };
    }
    checked.push({ branch: branch.id, reads });
  }
  return {
    next: GATE_ELSE,
    reason: { summary: 'No branch matched; took else', details: { branch: GATE_ELSE, checked } },
  };
}
