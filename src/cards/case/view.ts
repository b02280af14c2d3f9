/** "Mine sager" (a teacher's cases, or a school's for a leader) and one case: its plans, its requests for sparring, its history. */
import type { Level, StepId } from '../../domain/recommendation.js';
import type { SparringState } from '../../domain/sparring.js';
import { PKU_DECISION_LABELS, type PkuDecision } from '../../domain/pku-decision.js';
import { closingReasonLine } from '../../domain/closing.js';
import type { Playbook } from '../../domain/playbook.js';
import type { CaseDetail, CaseSummary } from '../../cases/case-overview.service.js';
import type { PlanRecord } from '../../plans/plan.repository.js';
import { renderCard } from '../render.js';
import { LIMITS, caseHeading, type Card } from '../common.js';
import { danishDate, danishIsoDate, fit, fitOrNull } from '../format.js';
import { CASE_CARD_HISTORY, CASE_CARD_PLANS, CASE_CARD_REQUESTS } from './schema.js';
import { caseSafetyView, notificationHistoryRow, safetyMarkLine } from './safety.js';

/** How a case is named in lists: its pseudonym, else the start of the concern, else its date. */
function caseTitle(c: CaseSummary['case']): string {
  if (c.pseudonym) return c.pseudonym;
  const description = typeof c.intake.description === 'string' ? c.intake.description.trim() : '';
  if (description) return description.length > 80 ? `${description.slice(0, 79)}…` : description;
  return `Bekymring fra ${danishDate(c.createdAt)}`;
}

/** Where the case stands; `own`: the viewer owns it (only the owner can answer the questions, so only they are told to). */
function whereItStands(s: CaseSummary, playbook: Playbook, own = true) {
  const waiting = own ? 'Svar på spørgsmålene – skriv "fortsæt"' : 'Venter på lærerens svar';
  return {
    levelTitle: s.level
      ? playbook.levels[s.level].title
      : own
        ? 'Spørgsmålene er ikke besvaret endnu'
        : 'Læreren har ikke besvaret spørgsmålene endnu',
    stepTitle: s.step ? playbook.steps[s.step].title : s.case.status === 'aaben' ? waiting : 'Afsluttet',
  };
}

/** How a list of cases is headed, and (a leader's view) who opened each case. */
export interface CaseListOptions {
  /** The heading, e.g. "Sager på Fjordbakkeskolen"; "Mine sager" when left out. */
  title?: string;
  /** Shown when the list is empty; the teacher's "no cases yet" when left out. */
  emptyText?: string;
  /** The display name of the teacher who opened a case: given, each case shows "Oprettet af"; null leaves the line out. */
  ownerName?: (summary: CaseSummary) => string | null;
  /** Whether the viewer owns the case (a leader's list holds others' cases); every case when left out. */
  isOwn?: (summary: CaseSummary) => boolean;
}

export function caseListCard(list: { cases: CaseSummary[]; more: boolean }, playbook: Playbook, options: CaseListOptions = {}): Card {
  const { ownerName, isOwn = () => true } = options;
  return renderCard('case-list', {
    heading: fit(options.title ?? 'Mine sager', 120),
    emptyText: fit(options.emptyText ?? 'Du har ingen sager endnu. Start med en ny bekymring.', LIMITS.item),
    cases: list.cases.map((s) => ({
      caseId: s.case.id,
      seq: s.case.seq,
      title: caseTitle(s.case),
      ...whereItStands(s, playbook, isOwn(s)),
      nextEvaluation: s.nextEvaluation ? danishIsoDate(s.nextEvaluation) : 'Ingen',
      updated: danishDate(s.case.updatedAt),
      owner: ownerName ? fitOrNull(ownerName(s), 80) : null,
      safety: s.safetyMark ? safetyMarkLine(s.safetyMark) : null,
    })),
    more: list.more,
  });
}

const PLAN_STATUS: Record<PlanRecord['status'], string> = {
  kladde: 'Udkast – ikke gemt',
  gemt: 'Gemt',
  evalueret: 'Evalueret',
  arkiveret: 'Arkiveret',
};

/** A request for sparring as the case card lists it (the case's requests, newest first). */
export interface CaseSparringLine {
  requestId: string;
  /** The adviser group, e.g. "PLC – Fjordbakkeskolen". */
  groupTitle: string;
  state: SparringState;
  claimedByName: string | null;
  claimedAt: Date | null;
  createdAt: Date;
  /** The last transition (when it was closed or rejected). */
  updatedAt: Date;
}

/** "Taget af Hanne Lykke 4. december 2026": where a request stands, who took it and when. */
function caseSparringStatus(r: CaseSparringLine): string {
  const who = r.claimedByName ? fit(r.claimedByName, 80) : null;
  switch (r.state) {
    case 'ny':
      return `Venter på en rådgiver · sendt ${danishDate(r.createdAt)}`;
    case 'taget':
      return `Taget af ${who ?? 'en rådgiver'} ${danishDate(r.claimedAt ?? r.updatedAt)}`;
    case 'afsluttet':
      return `Afsluttet${who ? ` af ${who}` : ''} ${danishDate(r.updatedAt)}`;
    case 'afvist':
      return `Afvist ${danishDate(r.updatedAt)}`;
  }
}

/**
 * One case: where it stands, its saved plans, its requests for sparring (`requests`, newest first:
 * the first CASE_CARD_REQUESTS are listed, the rest counted) and its history on the ladder. A safety
 * case shows its owner and the school's leaders its signs, alert and notification first. The
 * buttons follow the viewer (`d.viewer`): only the owner continues the intake; a leader gets the
 * leader's buttons (the notification, a chat with the teacher, PKU's decision, the school's cases).
 * `team` is the team's title for the heading ("4.B – Fjordbakkeskolen"), when known.
 */
export function caseCard(d: CaseDetail, playbook: Playbook, requests: readonly CaseSparringLine[] = [], team: string | null = null): Card {
  const viewer = d.viewer ?? 'owner';
  const own = viewer === 'owner';
  const safety = d.safety ? caseSafetyView(d.safety, d.case, playbook) : null;
  // A closed case is read-only: no button that changes it (the notification to the municipality stays, see issue 13).
  const open = d.case.status === 'aaben';
  const history = [
    ...d.history.map((h) => ({
      at: h.at,
      text: `${playbook.levels[h.level as Level]?.title ?? h.level} · ${playbook.steps[h.step as StepId]?.title ?? h.step}${historyReason(h, d.pkuDecisions)}`,
    })),
    ...(d.safety?.notification ? [notificationHistoryRow(d.safety.notification)] : []),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  return renderCard('case', {
    caseId: d.case.id,
    seq: d.case.seq,
    caseHeading: caseHeading(d.case.pseudonym, team),
    title: caseTitle(d.case),
    ...whereItStands(d, playbook, own),
    created: danishDate(d.case.createdAt),
    plans: d.plans
      .filter((p) => p.currentVersion > 0)
      .slice(0, CASE_CARD_PLANS)
      .map((p) => ({
        planId: p.id,
        title: p.title,
        status: [
          `Version ${p.currentVersion}, gemt ${danishDate(p.updatedAt)}`,
          PLAN_STATUS[p.status],
          ...(p.status === 'gemt' && p.evaluationDate ? [`evaluering ${danishIsoDate(p.evaluationDate)}`] : []),
        ].join(' · '),
        version: p.currentVersion,
        previousVersions: Array.from({ length: Math.min(3, p.currentVersion - 1) }, (_, i) => p.currentVersion - 1 - i).map((version) => ({
          planId: p.id,
          version,
          title: `Version ${version}`,
        })),
      })),
    history: history.slice(-CASE_CARD_HISTORY).map((h) => ({ when: danishDate(h.at), text: fit(h.text, 200) })),
    requests: requests.slice(0, CASE_CARD_REQUESTS).map((r) => ({
      requestId: r.requestId,
      groupTitle: fit(r.groupTitle, 120),
      status: caseSparringStatus(r),
    })),
    requestsMoreText: requests.length > CASE_CARD_REQUESTS ? `… og ${requests.length - CASE_CARD_REQUESTS} mere` : null,
    canDraft: open && d.step !== null,
    // Only the owner answers the intake ("fortsæt" resumes the owner's own concern).
    canResume: own && d.case.status === 'aaben' && d.case.pendingField !== null,
    canRequestSparring: (own || viewer === 'team') && d.case.status === 'aaben',
    pkuDecision: pkuDecisionLine(d.pkuDecisions.at(-1) ?? null),
    canRecordPku: d.canRecordPku && d.case.status === 'aaben',
    safety: safety?.safety ?? null,
    recordNotification: safety?.recordNotification ?? null,
    chat: safety?.chat ?? null,
    canClose: open && (own || viewer === 'leader'),
    closed: d.case.closed
      ? fit(`Afsluttet ${danishDate(d.case.closed.at)} · ${closingReasonLine(d.case.closed.reason, d.case.closed.note)}`, 400)
      : null,
    backTo: viewer === 'leader' ? 'skolen' : 'mine',
  });
}

/** Why a history row moved the case, after its level and step. */
function historyReason(h: CaseDetail['history'][number], decisions: CaseDetail['pkuDecisions']): string {
  if (h.reason === 'evaluation') return ' (efter evaluering)';
  if (h.reason !== 'pku-decision') return '';
  const d = decisions.find((x) => x.id === h.pkuDecisionId);
  return d ? ` (PKU: ${PKU_DECISION_LABELS[d.decision].toLowerCase()} ${danishIsoDate(d.decidedOn)})` : " (efter PKU's afgørelse)";
}

/** "Henvisningen er returneret, 1. marts 2027 · PKU's bemærkninger: …": the decision in force, for the card. */
export function pkuDecisionLine(d: PkuDecision | null): string | null {
  if (!d) return null;
  const remarks = d.remarks ? ` · PKU's bemærkninger: ${d.remarks}` : '';
  return fit(`${PKU_DECISION_LABELS[d.decision]}, ${danishIsoDate(d.decidedOn)}${remarks}`, 400);
}
