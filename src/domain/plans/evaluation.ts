/**
 * The evaluation's decision fed back into the case's intake, so that the ladder moves on: the one
 * place where a saved plan changes what the ladder recommends next.
 */
import type { Effect, Intake } from '../intake.js';
import type { PlanContent } from './content.js';
import type { GoalResult, PlanTemplateId } from './templates.js';

/**
 * What a saved evaluation writes into the case's intake, so that the ladder (docs/indsatstrappen.md)
 * moves on: `planEvaluated` for the team's own plan, `adviserEffect` once advisers are involved
 * (rules 6b–6d read that instead).
 *
 * The team's decision leads; the per-goal results refine it:
 * - no decision yet → `ikke-endnu` (rule 4 / 6b: follow up and evaluate).
 * - "fortsæt" → `virker`: the team judges the plan to work (rule 5 / 6c: fortsaet-plan).
 * - "justér" → `virker` too: adjusting is part of keeping the plan going ("evalueres og justeres
 *   løbende", seed 003), and rules 5 / 6c lead to "Fortsæt og justér planen" on the same level.
 *   Taking it as `delvist` would move the case up the ladder against the team's decision.
 * - "næste skridt" → the plan was not enough: `virker-ikke` when no goal was reached even partly,
 *   otherwise `delvist` (rule 6, and the §5 prerequisite "foregribende indsatser er afprøvet og
 *   evalueret" reads both as evaluated without success).
 *
 * null when the evaluated plan is a referral to PKU: its goals are evaluated at the yearly
 * revisitation of a placement PKU decided, and PKU, not the team's evaluation, decides where the
 * child goes next (its new decision is recorded on the case), so the ladder does not move.
 */
export function evaluationDecision(
  content: PlanContent<'evaluering'>,
  intake: Intake,
  evaluated: PlanTemplateId,
): { field: 'planEvaluated' | 'adviserEffect'; value: Effect } | null {
  if (evaluated === 'henvisning-pku') return null;
  const field = (intake.advisers?.length ?? 0) > 0 ? 'adviserEffect' : 'planEvaluated';
  const results = content.goals.map((g) => g.result).filter((r): r is GoalResult => r !== null);
  let value: Effect;
  switch (content.decision) {
    case null:
      value = 'ikke-endnu';
      break;
    case 'fortsaet':
    case 'juster':
      value = 'virker';
      break;
    case 'naeste-skridt':
      value = results.length > 0 && results.every((r) => r === 'ikke-naaet') ? 'virker-ikke' : 'delvist';
      break;
  }
  return { field, value };
}
