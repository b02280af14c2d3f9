/**
 * The case reference of an administrator's case command ("indsigt", "slet sag"): the first steps of
 * both, written once. Card data that does not parse is a bad request; a reference that looks like a
 * CPR number, e-mail address or phone number (and is not a whole case id) is refused and never
 * echoed; the command without a reference gets its usage, or "not allowed" for anyone but an
 * administrator. What is left is the reference for the service, which checks access itself.
 */
import { containsIdentifier, IDENTIFIER_REFUSAL } from '../domain/identifiers.js';
import { isFullCaseId } from '../insight/case-insight.service.js';
import { notices, type Card } from '../cards/index.js';
import type { Parsed } from './input.js';
import { badRequest, sendCards, type Reply, type VerbTurn } from './reply.js';

export function adminCaseRef(
  turn: VerbTurn,
  ref: Parsed<string | null>,
  usage: { allowed: boolean; outcome: string; card: () => Card },
): { ref: string } | { reply: Reply } {
  if (!ref.ok) return { reply: badRequest(ref.errors) };
  if (ref.value !== null && !isFullCaseId(ref.value) && containsIdentifier(ref.value)) {
    turn.outcome('cpr-refused');
    return { reply: sendCards('', notices.cprRefused(IDENTIFIER_REFUSAL)) };
  }
  if (ref.value !== null) return { ref: ref.value };
  if (!usage.allowed) {
    turn.outcome('forbidden');
    return { reply: sendCards('', notices.forbidden()) };
  }
  turn.outcome(usage.outcome);
  return { reply: sendCards('', usage.card()) };
}
