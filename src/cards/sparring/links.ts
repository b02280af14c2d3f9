/**
 * Teams deep links (a chat, a new meeting) on the sparring request card's buttons, cut so a link
 * stays within SPARRING_LIMITS.url.
 */
import { clip } from '../format.js';
import { SPARRING_LIMITS } from './schema.js';
import { helpKindLabel } from './view.js';

const TEAMS_LINK = 'https://teams.microsoft.com/l/';

/** A user in a deep link: a UPN or e-mail address, as Teams's examples write it ('@' is legal in a query). */
function linkUser(upnOrEmail: string): string {
  const user = upnOrEmail.trim();
  if (!/^[^\s,@]+@[^\s,@]+$/.test(user))
    throw new Error(`Not a UPN or e-mail address for a Teams deep link: ${JSON.stringify(upnOrEmail)}`);
  return encodeURIComponent(user).replace(/%40/g, '@');
}

/** `text` encoded for a query, cut (with "…") so the encoded form is at most `budget` characters. */
function fitEncoded(text: string, budget: number): string {
  const whole = encodeURIComponent(text);
  if (whole.length <= budget) return whole;
  const chars = Array.from(text);
  let lo = 0;
  let hi = chars.length - 1;
  // The longest prefix that fits with the ellipsis.
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (encodeURIComponent(`${chars.slice(0, mid).join('')}…`).length <= budget) lo = mid;
    else hi = mid - 1;
  }
  const cut = encodeURIComponent(`${chars.slice(0, lo).join('')}…`);
  return cut.length <= budget ? cut : '';
}

/**
 * A deep link that opens a Teams chat with one person (their UPN or e-mail), with `message` in the
 * compose box: `https://teams.microsoft.com/l/chat/0/0?users=…&message=…`. The message is cut so
 * the link stays within SPARRING_LIMITS.url.
 */
export function teamsChatUrl(upnOrEmail: string, message?: string): string {
  const base = `${TEAMS_LINK}chat/0/0?users=${linkUser(upnOrEmail)}`;
  const text = message?.trim() ?? '';
  const encoded = text === '' ? '' : fitEncoded(text, SPARRING_LIMITS.url - base.length - '&message='.length);
  return encoded === '' ? base : `${base}&message=${encoded}`;
}

/**
 * A deep link that opens Teams's scheduling form for a new meeting, prefilled:
 * `https://teams.microsoft.com/l/meeting/new?subject=…&attendees=a,b&content=…`. Attendees are UPNs
 * or e-mail addresses (duplicates dropped); the subject is cut at 200 characters (and at half the
 * link, encoded), the content (the agenda) so the link stays within SPARRING_LIMITS.url.
 */
export function teamsMeetingUrl(m: { subject: string; attendees: readonly string[]; content: string }): string {
  const attendees = [...new Set(m.attendees.map(linkUser))];
  let url = `${TEAMS_LINK}meeting/new?subject=${fitEncoded(clip(m.subject.trim(), 200), SPARRING_LIMITS.url / 2)}`;
  if (attendees.length > 0) url += `&attendees=${attendees.join(',')}`;
  if (url.length > SPARRING_LIMITS.url)
    throw new Error(`A Teams meeting link for ${attendees.length} attendees is longer than ${SPARRING_LIMITS.url} characters`);
  const content = m.content.trim();
  const encoded = content === '' ? '' : fitEncoded(content, SPARRING_LIMITS.url - url.length - '&content='.length);
  return encoded === '' ? url : `${url}&content=${encoded}`;
}

/** The chat link on a request card: a chat with `upnOrEmail`, its first message naming the case (by pseudonym). */
export function sparringChatUrl(upnOrEmail: string, pseudonym: string | null): string {
  return teamsChatUrl(upnOrEmail, `Hej – det gælder anmodningen om sparring om ${pseudonym ?? 'vores sag'} i Indsatsguiden.`);
}

/** The meeting link on the teacher's card: subject "Sparring: <pseudonym>", the adviser and the teacher, the request as agenda. */
export function sparringMeetingUrl(r: {
  pseudonym: string | null;
  groupTitle: string;
  helpKinds: readonly string[];
  wishedTime: string;
  summary: string;
  attendees: readonly string[];
}): string {
  const lines = [
    `Anmodning om sparring (${r.groupTitle.trim()})`,
    `Hjælp: ${r.helpKinds.map(helpKindLabel).join(', ')}`,
    ...(r.wishedTime.trim() ? [`Ønsket tid: ${r.wishedTime.trim()}`] : []),
    '',
    r.summary.trim(),
  ];
  return teamsMeetingUrl({
    subject: `Sparring: ${r.pseudonym ?? 'sag i Indsatsguiden'}`,
    attendees: r.attendees,
    content: lines.join('\n'),
  });
}
