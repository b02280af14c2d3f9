/**
 * The access log's pure parts: one entry per subject in a turn (access-log.context.ts), the
 * retention's cutoff in calendar months, the CSV and its split into messages, the typed command.
 */
import { describe, expect, it } from 'vitest';
import { noteAccess, TurnAccesses, withAccessNotes } from '../../../src/access/access-log.context.js';
import { monthsBefore } from '../../../src/access/access-log.js';
import { accessLogCsvMessages, csvField } from '../../../src/access/access-log.csv.js';
import type { AccessLogLine } from '../../../src/access/access-log.service.js';
import { accessLogCommandOf } from '../../../src/bot/access-log.input.js';
import { ConfigError, loadConfig } from '../../../src/config.js';

const CASE = '0b6c5a52-2f1e-4a55-9d0c-3b2f8f0e6a11';
const PLAN = '5d9e1c7a-8b24-4f0e-b1a2-6c3d4e5f6071';

describe('a turn’s accesses', () => {
  it('notes what the checks decide inside the turn, and nothing outside one', async () => {
    const notes = new TurnAccesses();
    expect(noteAccess({ caseId: CASE }, true)).toBe(true);
    await withAccessNotes(notes, async () => {
      await Promise.resolve();
      expect(noteAccess({ caseId: CASE }, false)).toBe(false);
    });
    expect(notes.entries()).toEqual([{ caseId: CASE, planId: null, requestId: null, allowed: false }]);
  });

  it('keeps one entry per subject, refused when any gate refused (a case seen, its change refused)', () => {
    const notes = new TurnAccesses();
    notes.note({ caseId: CASE }, true);
    notes.note({ caseId: CASE }, true);
    expect(notes.entries()).toEqual([{ caseId: CASE, planId: null, requestId: null, allowed: true }]);
    notes.note({ caseId: CASE }, false);
    notes.note({ caseId: CASE }, true);
    expect(notes.entries()).toEqual([{ caseId: CASE, planId: null, requestId: null, allowed: false }]);
  });

  it('drops the case alone when a plan of it was noted with the same outcome, and keeps it otherwise', () => {
    const notes = new TurnAccesses();
    notes.note({ caseId: CASE }, true);
    notes.note({ caseId: CASE, planId: PLAN }, true);
    expect(notes.entries()).toEqual([{ caseId: CASE, planId: PLAN, requestId: null, allowed: true }]);
    notes.note({ caseId: CASE, requestId: PLAN }, false);
    expect(notes.entries()).toHaveLength(2);
    const other = new TurnAccesses();
    other.note({ caseId: CASE }, false);
    other.note({ caseId: CASE, planId: PLAN }, true);
    expect(other.entries()).toHaveLength(2);
  });

  it('notes nothing without an id', () => {
    const notes = new TurnAccesses();
    notes.note({ caseId: null }, true);
    expect(notes.entries()).toEqual([]);
  });
});

describe('the retention cutoff', () => {
  it('counts calendar months back, the 31st going to the month’s last day', () => {
    expect(monthsBefore(new Date('2027-09-01T09:05:00Z'), 6).toISOString()).toBe('2027-03-01T09:05:00.000Z');
    expect(monthsBefore(new Date('2027-08-31T12:00:00Z'), 6).toISOString()).toBe('2027-02-28T12:00:00.000Z');
    expect(monthsBefore(new Date('2028-01-15T00:00:00Z'), 13).toISOString()).toBe('2026-12-15T00:00:00.000Z');
  });
});

const line = (i: number, name: string | null = 'Hanne Lykke'): AccessLogLine => ({
  at: new Date(Date.UTC(2027, 2, 1, 9, 0, i)),
  actorAadId: '236cee5c-70dc-43b6-beab-6914a28f3172',
  actorName: name,
  action: 'read',
  outcome: i % 2 ? 'denied' : 'allowed',
  verb: 'case.open',
  caseId: CASE,
  planId: null,
  requestId: null,
});

describe('the CSV', () => {
  it('quotes what must be quoted and defuses a formula', () => {
    expect(csvField('Hanne Lykke')).toBe('Hanne Lykke');
    expect(csvField('Lykke, Hanne')).toBe('"Lykke, Hanne"');
    expect(csvField('Hanne "H" Lykke')).toBe('"Hanne ""H"" Lykke"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
  });

  it('is one fenced block with the header when it fits, and parts of whole rows under the size when it does not', () => {
    const one = accessLogCsvMessages([line(0), line(1, null)]);
    expect(one).toEqual([
      'Adgangslog som CSV:\n\n```csv\ntidspunkt,person,aad_id,handling,udfald,verb,sag,plan,anmodning\n' +
        `2027-03-01T09:00:00.000Z,Hanne Lykke,236cee5c-70dc-43b6-beab-6914a28f3172,read,allowed,case.open,${CASE},,\n` +
        `2027-03-01T09:00:01.000Z,,236cee5c-70dc-43b6-beab-6914a28f3172,read,denied,case.open,${CASE},,\n\`\`\``,
    ]);
    const lines = Array.from({ length: 500 }, (_, i) => line(i % 60, 'Ærø Åsted Øster'));
    const parts = accessLogCsvMessages(lines, 20_000);
    expect(parts.length).toBeGreaterThan(1);
    const rows = parts.flatMap((p, i) => {
      expect(p.startsWith(`Adgangslog som CSV, del ${i + 1} af ${parts.length}:`)).toBe(true);
      const csv = p.slice(p.indexOf('```csv\n') + 7, p.lastIndexOf('\n```'));
      expect(Buffer.byteLength(csv)).toBeLessThanOrEqual(20_000);
      const [header, ...body] = csv.split('\n');
      expect(header).toBe('tidspunkt,person,aad_id,handling,udfald,verb,sag,plan,anmodning');
      return body;
    });
    expect(rows).toHaveLength(500);
  });

  it('is an empty table when there are no rows', () => {
    expect(accessLogCsvMessages([])).toEqual([
      'Adgangslog som CSV:\n\n```csv\ntidspunkt,person,aad_id,handling,udfald,verb,sag,plan,anmodning\n```',
    ]);
  });
});

describe('the typed command', () => {
  it('reads the words after "adgangslog", without the bot’s @mention', () => {
    expect(accessLogCommandOf(`adgangslog ${CASE}`)).toBe(CASE);
    expect(accessLogCommandOf('<at>Indsatsguiden</at> Adgangslog   Hanne  Lykke ')).toBe('Hanne Lykke');
    expect(accessLogCommandOf('adgangslog')).toBeNull();
    expect(accessLogCommandOf('vis adgangslog for Hanne')).toBeNull();
  });
});

describe('ACCESS_LOG_RETENTION_MONTHS', () => {
  const refusal = (value: string) => {
    try {
      loadConfig({ ACCESS_LOG_RETENTION_MONTHS: value });
    } catch (error) {
      return error instanceof ConfigError ? error.problems.join('\n') : 'not a ConfigError';
    }
    return null;
  };

  it('keeps rows six months by default, or the whole months set', () => {
    expect(loadConfig({}).accessLogRetentionMonths).toBe(6);
    expect(loadConfig({ ACCESS_LOG_RETENTION_MONTHS: '' }).accessLogRetentionMonths).toBe(6);
    expect(loadConfig({ ACCESS_LOG_RETENTION_MONTHS: '24' }).accessLogRetentionMonths).toBe(24);
  });

  it.each(['0', '121', '1.5', 'seks'])('refuses %s, naming the variable', (value) => {
    expect(refusal(value)).toMatch(/^ACCESS_LOG_RETENTION_MONTHS: /);
  });
});
