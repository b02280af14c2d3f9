/**
 * A case's insight as messages: a readable Danish Markdown document (a section per kind of data,
 * Danish dates, the adults by their names from the directory, the child only by the case's
 * pseudonym) and the complete JSON (every row, every column) in fenced code blocks, each message
 * under Teams' size limit. The JSON is the machine-readable copy: its blocks joined give
 * `JSON.stringify(insight, null, 2)` (backticks written as `\u0060`, so no user text can close a fence).
 */
import { maskIdentifiers } from '../domain/identifiers.js';
import type { Playbook } from '../domain/playbook.js';
import { danishDate, danishDateTime, danishIsoDate } from '../cards/format.js';
import { CASE_TABLE_NAMES, type CaseInsight, type CaseTable, type InsightRow } from './case-insight.service.js';

/**
 * Characters of text per message. Teams refuses a message over about 28 KB (text and envelope); a
 * Danish letter is two bytes in UTF-8, so a message is cut by bytes (`MESSAGE_BYTES`).
 */
export const MESSAGE_BYTES = 20_000;

export interface InsightLabels {
  playbook: Playbook;
  /** A person's display name from the directory; null when it does not know them. */
  person: (aadObjectId: string) => string | null;
  school: (id: string) => string | null;
  team: (schoolId: string, teamId: string) => string | null;
  /** The bot's clock: when the insight was taken. */
  now: Date;
  /** The outbox kind in words (src/proactive/registry.ts). */
  outboxKind: (kind: string) => string;
}

/** What a table is called in the document. */
const SECTION_TITLES: Record<CaseTable, string> = {
  cases: 'Sagen',
  case_recommendations: 'Historik på indsatstrappen',
  plans: 'Planer',
  plan_versions: 'Planernes versioner',
  plan_evaluations: 'Evalueringer',
  pku_decisions: "PKU's afgørelser",
  safeguarding_notifications: 'Underretning',
  sparring_requests: 'Anmodninger om sparring',
  sparring_events: 'Anmodningernes hændelser',
  outbox: 'Beskeder fra botten (udbakken)',
  access_log: 'Adgangslog',
};

const ACCESS_ACTIONS: Record<string, string> = { read: 'læste', change: 'ændrede', export: 'eksporterede', erase: 'slettede' };

/** Escapes what could turn stored text into markup, and masks CPR-like numbers all the same. */
function md(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return maskIdentifiers(text ?? '')
    .replace(/[<>&`*_[\]\\]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c] ?? `\\${c}`)
    .replace(/\r?\n/g, ' ');
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
/** A timestamp from to_jsonb ('2027-03-13T23:00:00+01:00') in Danish. */
const when = (v: unknown): string => (str(v) ? danishDateTime(new Date(v as string)) : '–');
/** A date ('YYYY-MM-DD') in Danish. */
const day = (v: unknown): string => (str(v) ? danishIsoDate((v as string).slice(0, 10)) : '–');

function values(content: unknown): string[] {
  if (!content || typeof content !== 'object') return [];
  return Object.entries(content as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== '' && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => `  - ${md(k)}: ${md(v)}`);
}

/** The readable document. */
export function insightMarkdown(insight: CaseInsight, labels: InsightLabels): string {
  const t = insight.tables;
  const c = t.cases[0] ?? {};
  const who = (aad: unknown) => (str(aad) ? md(labels.person(aad as string) ?? `ukendt person (${aad as string})`) : '–');
  const title = (r: InsightRow, map: Record<string, { title: string }>, key: string) => md(map[String(r[key])]?.title ?? String(r[key]));
  const out: string[] = [
    `# Indsigt i sag ${md(str(c.pseudonym) ?? 'uden kaldenavn')}`,
    '',
    `Alt, hvad Indsatsguiden har gemt om sagen, udtrukket ${danishDate(labels.now)}. Barnet omtales kun med sagens kaldenavn. ` +
      'Den komplette, maskinlæsbare udgave (JSON, alle rækker og kolonner) følger i de næste beskeder.',
    '',
    `## ${SECTION_TITLES.cases}`,
    `- Sags-id: ${md(insight.caseId)}`,
    `- Kaldenavn: ${md(str(c.pseudonym) ?? '–')}`,
    `- Status: ${md(c.status)}`,
    `- Oprettet: ${when(c.created_at)} af ${who(c.owner_aad_id)}`,
    `- Sidst ændret: ${when(c.updated_at)}`,
    `- Skole: ${str(c.school_id) ? md(labels.school(c.school_id as string) ?? c.school_id) : '–'} · team: ${
      str(c.school_id) && str(c.team_id) ? md(labels.team(c.school_id as string, c.team_id as string) ?? c.team_id) : '–'
    }`,
    ...(str(c.cancelled_at) ? [`- Annulleret: ${when(c.cancelled_at)}`] : []),
    '- Svarene:',
    ...values(c.intake),
  ];
  const section = (table: CaseTable, lines: (r: InsightRow) => string[]) => {
    out.push('', `## ${SECTION_TITLES[table]} (${t[table].length})`);
    if (t[table].length === 0) out.push('Ingen.');
    for (const r of t[table]) out.push(...lines(r));
  };
  section('case_recommendations', (r) => [
    `- ${when(r.created_at)}: ${title(r, labels.playbook.levels, 'level')} · ${title(r, labels.playbook.steps, 'step')} (${md(r.reason)})`,
  ]);
  const planTitle = (id: unknown) => md(t.plans.find((p) => p.id === id)?.title ?? id);
  section('plans', (r) => [
    `- ${md(r.title)} (${title(r, labels.playbook.templates, 'template_id')}): ${md(r.status)}, version ${md(r.current_version)}, ` +
      `evaluering ${day(r.evaluation_date)}, tovholder ${str(r.tovholder_aad_id) ? who(r.tovholder_aad_id) : md(str(r.tovholder_name) ?? '–')}, ` +
      `oprettet ${when(r.created_at)} af ${who(r.created_by)}`,
  ]);
  section('plan_versions', (r) => [
    `- ${planTitle(r.plan_id)}, version ${md(r.version)}, gemt ${when(r.saved_at)} af ${who(r.saved_by)}:`,
    ...values(r.content),
  ]);
  section('plan_evaluations', (r) => [
    `- ${planTitle(r.plan_id)}, version ${md(r.plan_version)}, evalueret ${when(r.evaluated_at)} af ${who(r.evaluated_by)} (evalueringsdato ${day(r.evaluation_date)}):`,
    ...values(r.content),
  ]);
  section('pku_decisions', (r) => [
    `- ${md(r.decision)} ${day(r.decided_on)}, registreret ${when(r.recorded_at)} af ${who(r.recorded_by)}${str(r.remarks) ? `. Bemærkninger: ${md(r.remarks)}` : ''}`,
  ]);
  section('safeguarding_notifications', (r) => [
    `- Underrettet ${day(r.notified_on)}, registreret ${when(r.recorded_at)} af ${who(r.recorded_by)} (${r.recorded_role === 'leader' ? 'skolens ledelse' : 'læreren'})`,
  ]);
  section('sparring_requests', (r) => [
    `- ${md(r.pool)} (${md(r.pool_owner)}), ${md(r.state)}, sendt ${when(r.created_at)} af ${who(r.requested_by)}` +
      (str(r.claimed_by) ? `, taget ${when(r.claimed_at)} af ${who(r.claimed_by)}` : ''),
    `  - Resumé: ${md(r.summary)}`,
    ...(str(r.wished_time) ? [`  - Ønsket tid: ${md(r.wished_time)}`] : []),
    ...(str(r.closing_note) ? [`  - Note ved afslutning: ${md(r.closing_note)}`] : []),
    ...(str(r.rejection_reason) ? [`  - Begrundelse for afvisning: ${md(r.rejection_reason)}`] : []),
  ]);
  section('sparring_events', (r) => [`- ${when(r.at)}: ${md(r.action)} af ${who(r.actor_aad_id)}`, ...values(r.detail)]);
  section('outbox', (r) => [
    `- ${md(labels.outboxKind(String(r.kind)))} til ${str(r.recipient_aad_id) ? who(r.recipient_aad_id) : 'en kanal'}: ${md(r.state)}, ` +
      `planlagt ${when(r.due_at)}${str(r.sent_at) ? `, sendt ${when(r.sent_at)}` : ''}`,
  ]);
  section('access_log', (r) => [
    `- ${when(r.at)}: ${who(r.actor_aad_id)} ${ACCESS_ACTIONS[String(r.action)] ?? md(r.action)} ` +
      `${str(r.plan_id) ? `planen ${planTitle(r.plan_id)}` : str(r.request_id) ? 'en anmodning om sparring' : 'sagen'} (${md(r.verb)})` +
      (r.outcome === 'denied' ? ' – afvist' : ''),
  ]);
  return out.join('\n');
}

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** Cuts text into pieces of at most `max` bytes, at line ends where it can (a longer line is cut by characters). */
export function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let current = '';
  const push = (part: string) => {
    if (current !== '' && bytes(current) + bytes(part) > max) {
      pieces.push(current);
      current = '';
    }
    current += part;
  };
  for (const line of text.split(/(?<=\n)/)) {
    if (bytes(line) <= max) {
      push(line);
      continue;
    }
    let rest = line;
    while (rest !== '') {
      let n = Math.min(rest.length, max);
      while (bytes(rest.slice(0, n)) > max) n = Math.floor(n * 0.9);
      // Never between the halves of a surrogate pair.
      if (n < rest.length && /[\uD800-\uDBFF]/.test(rest[n - 1]!)) n -= 1;
      push(rest.slice(0, n));
      rest = rest.slice(n);
    }
  }
  if (current !== '') pieces.push(current);
  return pieces;
}

/** The complete JSON of the insight; backticks as `\u0060` (the same JSON value). */
export function insightJson(insight: CaseInsight): string {
  const ordered = { caseId: insight.caseId, tables: Object.fromEntries(CASE_TABLE_NAMES.map((n) => [n, insight.tables[n]])) };
  return JSON.stringify(ordered, null, 2).replace(/`/g, '\\u0060');
}

/** The messages: the document (cut where needed), then the JSON in fenced blocks, "del i af n" on each. */
export function insightMessages(insight: CaseInsight, labels: InsightLabels, max = MESSAGE_BYTES): string[] {
  const document = splitText(insightMarkdown(insight, labels), max);
  const json = splitText(insightJson(insight), max - 200);
  return [
    ...document,
    // Exactly one newline is added before the closing fence: the blocks' contents joined are the JSON.
    ...json.map((piece, i) => `JSON, del ${i + 1} af ${json.length}:\n\n\`\`\`json\n${piece}\n\`\`\``),
  ];
}
