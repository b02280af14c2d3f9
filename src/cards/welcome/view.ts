/**
 * The welcome and help cards' view builders. The help card lists the commands of the verb table.
 */
import { renderCard } from '../render.js';
import { COMMANDS } from '../verbs.js';
import type { Card } from '../common.js';
import { danishDate, fit } from '../format.js';

/** The user's latest concern in progress, as the welcome card names it (`count`: how many are in progress). */
export interface WelcomeOpenCase {
  updatedAt: Date;
  questionNumber: number;
  pseudonym?: string | null;
  count?: number;
}

const moreLine = (others: number): string | null =>
  others <= 0
    ? null
    : `Du har ${others === 1 ? 'én bekymring' : `${others} bekymringer`} mere i gang. Tryk Fortsæt for at vælge mellem dem.`;

/** The welcome card; a school leader's (`leader`, from the directory) also offers the leader's buttons. */
export function welcomeCard(openCase: WelcomeOpenCase | null, userName: string | null = null, { leader = false } = {}): Card {
  return renderCard('welcome', {
    userName,
    openCase: openCase
      ? {
          started: danishDate(openCase.updatedAt),
          questionNumber: openCase.questionNumber,
          name: openCase.pseudonym ? fit(openCase.pseudonym, 60) : null,
          more: moreLine((openCase.count ?? 1) - 1),
        }
      : null,
    leader,
  });
}

export function helpCard(): Card {
  return renderCard('help', { commands: COMMANDS.map(({ command, description }) => ({ command, description })) });
}
