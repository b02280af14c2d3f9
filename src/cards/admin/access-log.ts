/**
 * For administrators: the access log of a case or a person (issue 13), newest first, the people
 * named from the directory and cases, plans and requests by id (the log holds no child's name).
 * The card's text is written here; the schema only bounds it. All rows come as CSV besides.
 */
import { renderCard } from '../render.js';
import type { Card } from '../common.js';
import { danishDateTime, fit } from '../format.js';
import { ACCESS_LOG_CARD_ROWS } from './access-log.schema.js';
import { noticeCard } from '../notice/view.js';

export interface AccessLogCardLine {
  at: Date;
  actorName: string | null;
  actorAadId: string;
  action: 'read' | 'change' | 'export' | 'erase';
  outcome: 'allowed' | 'denied';
  verb: string;
  caseId: string | null;
  planId: string | null;
  requestId: string | null;
}

export interface AccessLogCardData {
  about: { kind: 'case'; caseId: string } | { kind: 'person'; aadObjectId: string; name: string | null };
  lines: readonly AccessLogCardLine[];
  /** The service returned its most rows: older ones exist. */
  limited: boolean;
}

const ACTIONS = { read: 'Læst', change: 'Ændret', export: 'Eksporteret', erase: 'Slettet' } as const;

export function accessLogCard(d: AccessLogCardData): Card {
  const subject = d.about.kind === 'case' ? `Sag ${d.about.caseId}` : fit(d.about.name ?? d.about.aadObjectId, 120);
  const n = d.lines.length;
  const summary =
    n === 0
      ? 'Ingen rækker i adgangsloggen.'
      : `${n === 1 ? '1 række' : `${n} rækker`}${d.limited ? ' (de nyeste)' : ''}, nyeste først. Alle ${n} står som CSV i beskederne under kortet.`;
  const lines = d.lines.slice(0, ACCESS_LOG_CARD_ROWS).map((l) => ({
    title: `${danishDateTime(l.at)} · ${fit(l.actorName ?? `ukendt person (${l.actorAadId})`, 120)}`,
    detail: [
      l.outcome === 'denied' ? `${ACTIONS[l.action]}: afvist` : ACTIONS[l.action],
      fit(l.verb, 60),
      l.caseId ? `sag ${l.caseId}` : null,
      l.planId ? `plan ${l.planId}` : null,
      l.requestId ? `anmodning ${l.requestId}` : null,
    ]
      .filter((x) => x !== null)
      .join(' · '),
    denied: l.outcome === 'denied',
  }));
  return renderCard('access-log', {
    subject,
    summary,
    lines,
    moreText: n > ACCESS_LOG_CARD_ROWS ? `… og ${n - ACCESS_LOG_CARD_ROWS} ældre i CSV'en` : null,
  });
}

/** "adgangslog" without words, or words that name no case or person. */
export const accessLogNotices = {
  usage: () =>
    noticeCard(
      'info',
      'Adgangslog for hvem?',
      'Skriv »adgangslog« og sagens id, personens navn, som det står i organisationsfilen, eller personens AAD-id.',
      ['adgangslog 3f2a9c1e-…', 'adgangslog Hanne Lykke'],
    ),
  unknown: () =>
    noticeCard(
      'warning',
      'Ingen sag eller person',
      'Ordene er hverken et id eller navnet på præcis én person i organisationsfilen. Skriv sagens id, hele navnet eller AAD-id’et.',
    ),
};
