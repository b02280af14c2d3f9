/**
 * The one seam of the access log (issue 13): the bot's edge opens a scope for each turn (the actor
 * and the verb, see AccessLog.during), and the access checks that gate a read or a change note in
 * it which case, plan or sparring request they were asked about and whether they let the person in
 * (CaseAccess.canOpen and canSee, the intake's owner checks, a sparring request's gates, the gates
 * of PKU's decision, the notification and closing). Services never write the log themselves.
 *
 * Only gates note: a question asked to draw a card ("why may they see it", "may they record PKU's
 * decision?" for a button) notes nothing, so it cannot turn a read into a refusal. Outside a turn
 * (the background jobs, start-up) there is no scope and nothing is noted: a reminder is not someone
 * reading a case. Within a turn the same subject is noted once, and a refusal wins: a team member
 * who may see a case but not record PKU's decision on it was refused the change. A case noted
 * alone is dropped when the same turn noted one of its plans or requests with the same outcome:
 * the plan's row names the case too.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** What an access check was asked about: ids from the stored records, never from card data. */
export interface AccessSubject {
  caseId: string | null;
  planId?: string | null;
  requestId?: string | null;
}

export interface NotedAccess {
  caseId: string | null;
  planId: string | null;
  requestId: string | null;
  allowed: boolean;
}

/** The accesses one turn's checks noted. */
export class TurnAccesses {
  private readonly noted = new Map<string, NotedAccess>();

  note(subject: AccessSubject, allowed: boolean): void {
    const entry = { caseId: subject.caseId, planId: subject.planId ?? null, requestId: subject.requestId ?? null };
    if (entry.caseId === null && entry.planId === null && entry.requestId === null) return;
    const key = `${entry.caseId ?? ''}|${entry.planId ?? ''}|${entry.requestId ?? ''}`;
    this.noted.set(key, { ...entry, allowed: allowed && (this.noted.get(key)?.allowed ?? true) });
  }

  /** What the turn did, one entry per subject, a refusal winning (see the module comment). */
  entries(): NotedAccess[] {
    const all = [...this.noted.values()];
    return all.filter(
      (e) =>
        e.planId !== null ||
        e.requestId !== null ||
        !all.some((o) => o !== e && o.caseId === e.caseId && o.allowed === e.allowed && (o.planId !== null || o.requestId !== null)),
    );
  }
}

const current = new AsyncLocalStorage<TurnAccesses>();

/** Runs `fn` with `notes` as the turn's scope: the access checks it makes are noted there. */
export function withAccessNotes<T>(notes: TurnAccesses, fn: () => Promise<T>): Promise<T> {
  return current.run(notes, fn);
}

/** Notes an access decision in the current turn (none outside a turn); returns `allowed`, so a check can end with it. */
export function noteAccess(subject: AccessSubject, allowed: boolean): boolean {
  current.getStore()?.note(subject, allowed);
  return allowed;
}
