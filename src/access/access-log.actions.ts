/**
 * What each verb does with what it touches, for the access log: reads it, changes it or exports
 * it. A `Record<Verb, …>` over the one verb table, so a new verb does not compile until it says
 * which (a verb that touches no case, such as "hjælp", is a read and writes no row).
 */
import type { Verb } from '../cards/verbs.js';
import type { AccessAction } from '../db/schema.js';

export const VERB_ACCESS_ACTIONS: Readonly<Record<Verb, AccessAction>> = Object.freeze({
  'intake.start': 'change',
  'intake.resume': 'read',
  'intake.answer': 'change',
  'intake.back': 'change',
  'intake.later': 'read',
  'intake.cancel': 'read',
  'intake.cancel.confirm': 'change',
  'intake.undo': 'change',
  'help.show': 'read',
  'cases.list': 'read',
  'case.open': 'read',
  'case.close.form': 'read',
  'case.close': 'change',
  'pku.form': 'read',
  'pku.record': 'change',
  'safeguarding.notified': 'change',
  'plan.open': 'read',
  'plan.draft': 'change',
  'plan.save': 'change',
  'plan.evaluate': 'read',
  'plan.evaluation.save': 'change',
  'plan.export': 'export',
  'cases.school': 'read',
  'reminder.snooze': 'change',
  'reminder.done': 'change',
  'admin.reload': 'change',
  'admin.status': 'read',
  'admin.access-log': 'read',
  'admin.insight': 'export',
  // Asking shows the case (a read); the confirmation deletes it (an erasure, migration 0015).
  'admin.erase': 'read',
  'admin.erase.confirm': 'erase',
  'admin.erase.cancel': 'read',
  'sparring.draft': 'read',
  'sparring.send': 'change',
  'sparring.claim': 'change',
  'sparring.release': 'change',
  'sparring.forward': 'change',
  'sparring.close': 'change',
  'sparring.reject': 'change',
  'sparring.refresh': 'read',
  'sparring.open': 'read',
  'sparring.mine': 'read',
  'sparring.unclaimed': 'read',
} satisfies Record<Verb, AccessAction>);
