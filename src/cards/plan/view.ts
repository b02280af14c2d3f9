import type { PlanTemplateId } from '../../domain/plans/index.js';
import type { Playbook } from '../../domain/playbook.js';
import type { Level } from '../../domain/recommendation.js';
import { renderCard } from '../render.js';
import type { Card } from '../common.js';
import { danishDateTime } from '../format.js';

/** What a plan card shows about where it stands. */
export interface PlanCardInfo {
  caseId: string;
  planId: string;
  templateId: PlanTemplateId;
  /** The plan version the card was drawn at (0 for a draft): a stale card is recognised by it. */
  seq: number;
  pseudonym: string | null;
  level: Level;
  version: number | null;
  savedAt: Date | null;
  values: Record<string, string>;
  errors?: { field: string | null; message: string }[];
  notes?: string[];
  readOnly?: boolean;
}

export function planCard(info: PlanCardInfo, playbook: Playbook): Card {
  return renderCard(info.templateId, {
    caseId: info.caseId,
    seq: info.seq,
    planId: info.planId,
    title: playbook.templates[info.templateId].title,
    pseudonym: info.pseudonym,
    level: info.level,
    levelTitle: playbook.levels[info.level].title,
    version: info.version,
    savedAt: info.savedAt ? danishDateTime(info.savedAt) : null,
    savedBy: null,
    readOnly: info.readOnly ?? false,
    values: info.values,
    errors: info.errors ?? [],
    notes: info.notes ?? [],
  });
}
