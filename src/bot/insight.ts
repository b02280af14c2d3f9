/**
 * The administrators' "indsigt <sags-id>": everything stored about one case (src/insight), as a
 * readable Danish Markdown document and the complete JSON, in messages under Teams' size limit.
 * Thin: read the command (insight.input.ts), call the service, answer. Access is the service's
 * (the directory's `admins`); everyone else gets the "not allowed" card, like "status", and a
 * refused attempt on a case is noted for the access log. The reference is never echoed: an unknown
 * one is answered plainly, a CPR number refused (also when it comes in card data, not typed).
 */
import type { CaseInsightService } from '../insight/case-insight.service.js';
import { insightMessages, type InsightLabels } from '../insight/insight-markdown.js';
import { noticeCard, notices } from '../cards/index.js';
import { caseRefOf } from './insight.input.js';
import { sendCards, type Handlers } from './reply.js';
import { adminCaseRef } from './case-ref.js';

export type InsightVerb = 'admin.insight';

export function insightHandlers(insight: CaseInsightService, labels: () => InsightLabels): Pick<Handlers, InsightVerb> {
  return {
    'admin.insight': async (turn, data) => {
      const ref = adminCaseRef(turn, caseRefOf(data), {
        allowed: insight.mayExport(turn.actor),
        outcome: 'insight-usage',
        card: () => noticeCard('info', 'Indsigt i en sag', 'Skriv "indsigt" og sagens id, fx "indsigt 3f2a1b4c-…".'),
      });
      if ('reply' in ref) return ref.reply;
      // The service refuses anyone but an administrator (and notes a refused attempt on a case for the access log).
      const outcome = await insight.export(turn.actor, ref.ref);
      switch (outcome.kind) {
        case 'forbidden':
          turn.outcome('forbidden');
          return sendCards('', notices.forbidden());
        case 'not-found':
          turn.outcome('not-found');
          return sendCards(
            '',
            noticeCard('warning', 'Ingen sag med det id', "Der er ingen sag med det id i kommunens tenant. Tjek id'et, og prøv igen."),
          );
        case 'ambiguous':
          turn.outcome('insight-ambiguous');
          return sendCards(
            '',
            noticeCard('warning', 'Flere sager passer', `${outcome.count} sager har et id, der begynder sådan. Skriv hele sagens id.`),
          );
        case 'found': {
          const messages = insightMessages(outcome.insight, labels());
          return {
            replace: null,
            toast: 'Indsigt',
            send: [
              noticeCard(
                'info',
                'Indsigt i sagen',
                `Alt, hvad der er gemt om sagen, følger i ${messages.length} beskeder: først et læsbart dokument, så den komplette JSON.`,
              ),
            ],
            markdown: messages,
          };
        }
      }
    },
  };
}
