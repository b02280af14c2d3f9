/**
 * The welcome and help cards' view builders. The help card lists the commands of the verb table.
 */
import { renderCard } from '../render.js';
import { COMMANDS } from '../verbs.js';
import type { Card } from '../common.js';
import { danishDate } from '../format.js';

export function welcomeCard(openCase: { updatedAt: Date; questionNumber: number } | null, userName: string | null = null): Card {
  return renderCard('welcome', {
    userName,
    openCase: openCase ? { started: danishDate(openCase.updatedAt), questionNumber: openCase.questionNumber } : null,
  });
}

export function helpCard(): Card {
  return renderCard('help', { commands: COMMANDS.map(({ command, description }) => ({ command, description })) });
}
