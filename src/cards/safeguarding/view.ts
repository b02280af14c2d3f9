/**
 * The safeguarding card's view builders: the guidance (what to do now, how to notify this
 * municipality, **Jeg har underrettet**) and the confirmation that replaces it once the
 * notification is recorded. How to notify comes from the playbook (`municipality.notification`);
 * a playbook without it sends the teacher to the municipality's own underretning and the leadership.
 */
import type { NotificationContact, Playbook } from '../../domain/playbook.js';
import type { Safeguarding } from '../../domain/recommendation.js';
import { LAW, notificationContact } from '../../domain/safeguarding.js';
import { formatAnswer } from '../../domain/questions.js';
import { renderCard } from '../render.js';
import { caseHeading, type Card } from '../common.js';
import { danishIsoDate, fit } from '../format.js';

/** The case a safeguarding card is about: its buttons name it, and its heading names the child. */
export interface SafeguardingCase {
  caseId: string;
  label: { pseudonym: string | null; team: string | null };
  /** The notification recorded on the case, if any: the card states it instead of offering the button. */
  notification?: RecordedNotification | null;
}

/** A recorded notification as the cards state it. */
export interface RecordedNotification {
  /** YYYY-MM-DD. */
  notifiedOn: string;
  recordedByName: string;
}

/** "Underrettet 14. marts 2027 · registreret af Mette Kjær". */
export const notificationLine = (n: RecordedNotification): string =>
  `Underrettet ${danishIsoDate(n.notifiedOn)} · registreret af ${fit(n.recordedByName, 80)}`;

/** How to notify: the playbook's contact, or where to find the municipality's own underretning. */
function howToNotify(contact: NotificationContact | null) {
  if (!contact) {
    return {
      lines: [
        'Brug kommunens egen underretning: den findes på kommunens hjemmeside og på borger.dk.',
        'Spørg skoleledelsen, hvis du er i tvivl om, hvordan I underretter.',
      ],
      link: null,
    };
  }
  const phone = contact.phone ? `Ring ${contact.phone}${contact.phoneNote ? ` – ${contact.phoneNote}` : ''}.` : null;
  return {
    lines: [`Underret ${contact.recipient}.`, ...(phone ? [phone] : []), ...(contact.afterHours ? [contact.afterHours] : [])].map((l) =>
      fit(l, 300),
    ),
    link: contact.url ? { title: contact.urlTitle ?? 'Underret kommunen', url: contact.url } : null,
  };
}

/**
 * The guidance when the answers reveal signs that a child is not safe. With `kase` the card names
 * the case at the top and offers **Jeg har underrettet** (or states the recorded notification);
 * without, it has no buttons.
 */
export function safeguardingCard(s: Safeguarding, playbook: Playbook, kase?: SafeguardingCase): Card {
  const recorded = kase?.notification ?? null;
  return renderCard('safeguarding', {
    caseId: kase?.caseId ?? null,
    caseHeading: kase ? caseHeading(kase.label.pseudonym, kase.label.team) : null,
    acute: s.acute,
    title: s.title,
    concerns: s.concerns.map((c) => formatAnswer('safety', [c], playbook)),
    actions: s.actions,
    basis: s.basis,
    leadershipNote: 'Underretningspligten er din egen: den er ikke opfyldt, fordi du har fortalt det til skoleledelsen eller en kollega.',
    notify: howToNotify(notificationContact(playbook)),
    notification: recorded ? notificationLine(recorded) : null,
    canRecord: kase !== undefined && recorded === null,
  });
}

/**
 * What replaces the pressed card: the notification as recorded (now, or `already` before — by this
 * press's author or someone else), with **Åbn sagen**. `by`: who pressed, the case's owner (who is
 * reminded to write down what she saw) or a leader.
 */
export function notificationRecordedCard(
  kase: SafeguardingCase & { notification: RecordedNotification },
  already: boolean,
  by: 'owner' | 'leader' = 'owner',
): Card {
  const heading = already ? 'Underretningen var allerede registreret' : 'Underretningen er registreret';
  return renderCard('safeguarding', {
    caseId: kase.caseId,
    caseHeading: caseHeading(kase.label.pseudonym, kase.label.team),
    acute: false,
    title: heading,
    concerns: [],
    actions: [],
    basis: `${LAW} (skærpet underretningspligt)`,
    leadershipNote: 'Datoen står i sagens historik, hvor læreren, der oprettede sagen, og skolens ledelse kan se den.',
    notification: notificationLine(kase.notification),
    confirmation: {
      heading,
      text: already
        ? 'Der er ikke registreret noget nyt. Datoen står i sagens historik, hvor læreren, der oprettede sagen, og skolens ledelse kan se den.'
        : by === 'owner'
          ? 'Datoen står i sagens historik, hvor du og skolens ledelse kan se den. Skriv ned, hvad du har set og hørt, hvis du ikke allerede har gjort det.'
          : 'Datoen står i sagens historik, hvor læreren, der oprettede sagen, og skolens ledelse kan se den.',
    },
  });
}
