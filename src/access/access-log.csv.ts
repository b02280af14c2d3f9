/**
 * The access log as CSV, sent as chat messages. Teams takes a file in a personal chat only after a
 * file-consent card (and an app registered for files), so the CSV comes as text the administrator
 * copies: each message a fenced code block with the header row, split by whole rows to stay well
 * under Teams' message size (about 28 KB with its envelope).
 */
import type { AccessLogLine } from './access-log.service.js';

/** The most bytes of CSV in one message (Teams refuses a message over about 28 KB, envelope included). */
export const CSV_MESSAGE_BYTES = 20_000;

const HEADER = ['tidspunkt', 'person', 'aad_id', 'handling', 'udfald', 'verb', 'sag', 'plan', 'anmodning'];

/** One field: quoted when it must be; a leading =, +, - or @ is defused, so a spreadsheet does not run it. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function accessLogCsvRows(lines: readonly AccessLogLine[]): string[] {
  return lines.map((l) =>
    [l.at.toISOString(), l.actorName ?? '', l.actorAadId, l.action, l.outcome, l.verb, l.caseId ?? '', l.planId ?? '', l.requestId ?? '']
      .map(csvField)
      .join(','),
  );
}

/** The CSV as messages: each a ```csv block with the header, whole rows only, at most `maxBytes` of CSV. */
export function accessLogCsvMessages(lines: readonly AccessLogLine[], maxBytes: number = CSV_MESSAGE_BYTES): string[] {
  const header = HEADER.join(',');
  const parts: string[][] = [];
  let part: string[] = [];
  let bytes = Buffer.byteLength(header) + 1;
  for (const row of accessLogCsvRows(lines)) {
    const size = Buffer.byteLength(row) + 1;
    if (part.length > 0 && bytes + size > maxBytes) {
      parts.push(part);
      part = [];
      bytes = Buffer.byteLength(header) + 1;
    }
    part.push(row);
    bytes += size;
  }
  if (part.length > 0 || parts.length === 0) parts.push(part);
  return parts.map((rows, i) => {
    const title = parts.length > 1 ? `Adgangslog som CSV, del ${i + 1} af ${parts.length}:` : 'Adgangslog som CSV:';
    return `${title}\n\n\`\`\`csv\n${[header, ...rows].join('\n')}\n\`\`\``;
  });
}
