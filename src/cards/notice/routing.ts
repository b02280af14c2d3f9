/**
 * The notices of the bot's routing: too many new concerns from one person, and something Teams
 * asked of the app that it does not offer (a dialog, a tab, a search). They use the notice
 * template; they live beside the notice card's view (view.ts), which holds the bot's other notices.
 */
import type { RateRule } from '../../domain/limits.js';
import type { Card } from '../common.js';
import { noticeCard } from './view.js';

const ZONE = 'Europe/Copenhagen';
const HOUR = 60 * 60 * 1000;

const dayOf = (d: Date) => d.toLocaleDateString('da-DK', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: ZONE });
const clock = (d: Date) => d.toLocaleTimeString('da-DK', { hour: '2-digit', minute: '2-digit', timeZone: ZONE });

/**
 * "kl. 14.32" today, "i morgen kl. 09.10" tomorrow, else "lørdag 3. maj kl. 09.10" (local time in
 * Europe/Copenhagen). Rounded up to the minute, so the time said is never too early.
 */
export function whenText(at: Date, now: Date): string {
  const minute = new Date(Math.ceil(at.getTime() / 60_000) * 60_000);
  const time = `kl. ${clock(minute)}`;
  if (dayOf(minute) === dayOf(now)) return time;
  if (dayOf(minute) === dayOf(new Date(now.getTime() + 24 * HOUR))) return `i morgen ${time}`;
  const day = minute.toLocaleDateString('da-DK', { weekday: 'long', day: 'numeric', month: 'long', timeZone: ZONE });
  return `${day} ${time}`;
}

/** "15 i timen og 40 i døgnet": the bounds as the refusal quotes them. */
export function limitsText(rules: readonly RateRule[]): string {
  const one = (r: RateRule) => {
    if (r.windowMs === HOUR) return `${r.max} i timen`;
    if (r.windowMs === 24 * HOUR) return `${r.max} i døgnet`;
    if (r.windowMs % HOUR === 0) return `${r.max} på ${r.windowMs / HOUR} timer`;
    return `${r.max} på ${Math.max(1, Math.round(r.windowMs / 60_000))} minutter`;
  };
  const parts = rules.filter((r) => r.max >= 1).map(one);
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} og ${parts.at(-1)}`;
}

export const routingNotices = {
  /** The person has started as many new concerns as the bounds allow: when they may start again. */
  newConcernsLimited: (until: Date, now: Date, rules: readonly RateRule[]): Card =>
    noticeCard(
      'warning',
      'Du har startet mange nye bekymringer',
      `Du kan starte en ny bekymring igen ${whenText(until, now)}. Én person kan højst starte ${limitsText(rules)}, så skolens ledelse ` +
        'ikke kan få en strøm af sager og underretningsvarsler ved en fejl. Du kan stadig fortsætte de bekymringer, du har i gang.',
      [],
      [
        { title: 'Fortsæt', verb: 'intake.resume' },
        { title: 'Mine sager', verb: 'cases.list' },
      ],
    ),
  /** Something Teams asked of the app that it does not offer (a dialog, a tab, a search, ...). */
  notSupported: (): Card =>
    noticeCard(
      'info',
      'Det kan Indsatsguiden ikke',
      'Indsatsguiden bruges i chatten med botten og med knapperne i kortene. Skriv "hjælp" for at se, hvad den kan.',
      [],
      [{ title: 'Hjælp', verb: 'help.show' }],
    ),
};

/** The same in one line, where Teams shows text rather than a card. */
export const NOT_SUPPORTED_TEXT =
  'Det kan Indsatsguiden ikke. Brug chatten med botten og knapperne i kortene; skriv "hjælp" for at se, hvad den kan.';
