/**
 * A safety case on the case cards (issue 12): the marker in the lists, and what its owner and the
 * school's leaders see on its card — the signs, the acute answer, who flagged it and when, which
 * leaders were alerted, the notification's status — with the viewer's buttons: the owner's
 * "Jeg har underrettet", a leader's "Registrér underretning" and a Teams chat with the teacher.
 */
import type { Playbook } from '../../domain/playbook.js';
import { formatAnswer } from '../../domain/questions.js';
import type { CaseSafety, AlertedLeader } from '../../cases/safeguarding-notification.service.js';
import type { SafetyMark } from '../../cases/case-overview.service.js';
import type { SafeguardingNotificationRecord } from '../../cases/safeguarding-notification.repository.js';
import { teamsChatUrl } from '../sparring/links.js';
import { notificationLine } from '../safeguarding/view.js';
import { caseName, facts } from '../common.js';
import { CASE_CHAT_URL, CASE_SAFETY_FACT } from './schema.js';
import { danishDateTime, danishIsoDate, fit } from '../format.js';

/** The marker on a safety case in "mine sager" and "sager på skolen". */
export function safetyMarkLine(mark: SafetyMark): string {
  const acute = mark.answers.acute === true ? ' · akut fare' : '';
  const notified = mark.notification ? `underrettet ${danishIsoDate(mark.notification.notifiedOn)}` : 'underretning ikke registreret';
  return fit(`Sikkerhed${acute} · ${notified}`, 120);
}

/** Where an alert to a leader stands: when it reached them, or why not yet. */
function alertStatus(a: AlertedLeader): string {
  if (a.sentAt) return `sendt ${danishDateTime(a.sentAt)}`;
  switch (a.state) {
    case 'waiting':
      return 'venter, til vedkommende åbner Indsatsguiden';
    case 'failed':
    case 'expired':
    case 'cancelled':
      return 'kunne ikke sendes';
    default:
      return 'sendes nu';
  }
}

const acuteAnswer = (acute: boolean | null) =>
  acute === true ? 'Ja – barnet kan være i fare nu' : acute === false ? 'Nej' : 'Ikke besvaret endnu';

/** The notification as the case's history lists it, at the time it was recorded. */
export function notificationHistoryRow(n: SafeguardingNotificationRecord): { at: Date; text: string } {
  const who = n.recordedRole === 'leader' ? `${n.recordedByName} (skoleledelsen)` : n.recordedByName;
  return { at: n.recordedAt, text: fit(`Underretning til kommunen ${danishIsoDate(n.notifiedOn)} · registreret af ${who}`, 200) };
}

/** The safety section, the button that records the notification, and a leader's chat with the teacher. */
export function caseSafetyView(s: CaseSafety, c: { pseudonym: string | null; status: string }, playbook: Playbook) {
  const owner = s.ownerName ? fit(s.ownerName, 80) : null;
  const concerns = s.answers.concerns.map((x) => formatAnswer('safety', [x], playbook));
  const alerted =
    s.alerted.length > 0
      ? s.alerted.map((a) => `${fit(a.name, 80)} (${alertStatus(a)})`).join(', ')
      : 'Ingen leder har fået en sikkerhedsadvarsel';
  const lead =
    s.viewer === 'owner'
      ? 'Du har markeret tegn på, at barnet ikke er i sikkerhed.'
      : `${owner ?? 'Læreren'} har markeret tegn på, at barnet ikke er i sikkerhed.`;
  const notRecorded = s.notification === null;
  const open = c.status === 'aaben';
  return {
    safety: {
      lead: notRecorded ? `${lead} Der er ikke registreret en underretning til kommunen endnu.` : lead,
      facts: facts([
        ['Tegn på', concerns.length > 0 ? fit(concerns.join(', '), CASE_SAFETY_FACT) : 'Ikke angivet'],
        ['Akut fare', acuteAnswer(s.answers.acute)],
        ['Forældrene', s.answers.parentsOnHold ? 'Afventer kommunen – inddrages ikke endnu' : null],
        ['Markeret af', `${owner ?? 'Læreren'}${s.flaggedAt ? `, ${danishDateTime(s.flaggedAt)}` : ''}`],
        ['Ledelsen varslet', fit(alerted, CASE_SAFETY_FACT)],
        ['Underretning', s.notification ? notificationLine(s.notification) : 'Ikke registreret'],
      ]),
      notified: !notRecorded,
    },
    recordNotification: notRecorded && open ? (s.viewer === 'owner' ? 'Jeg har underrettet' : 'Registrér underretning') : null,
    chat: s.viewer === 'leader' && s.ownerAddress && owner ? chatWith(s.ownerAddress, owner, c.pseudonym) : null,
  };
}

/** "Chat med Mette Kjær": a Teams chat with the teacher, its first line naming the case by pseudonym; null for an address Teams cannot take. */
function chatWith(address: string, name: string, pseudonym: string | null) {
  try {
    const url = teamsChatUrl(address, `Hej – det gælder sagen ${caseName(pseudonym)} i Indsatsguiden.`);
    return url.length <= CASE_CHAT_URL ? { title: fit(`Chat med ${name}`, 100), url } : null;
  } catch {
    return null;
  }
}
