/**
 * The administrators' access log (issue 13): "adgangslog <sags-id>" or "adgangslog <navn eller
 * AAD-id>" answers with a card of the newest rows and the rows as CSV in chat messages (see
 * src/access/access-log.csv.ts for why not a file). Access is the service's: anyone who is not an
 * administrator gets the "not allowed" card, like "status".
 */
import type { AccessLogService } from '../access/access-log.service.js';
import { accessLogCsvMessages } from '../access/access-log.csv.js';
import { accessLogCard, accessLogNotices, notices } from '../cards/index.js';
import { accessLogQueryOf } from './access-log.input.js';
import { badRequest, sendCards, type Handlers } from './reply.js';

export function accessLogHandlers(service: AccessLogService): Pick<Handlers, 'admin.access-log'> {
  return {
    'admin.access-log': async (turn, data) => {
      const query = accessLogQueryOf(data);
      if (!query.ok) return badRequest(query.errors);
      const outcome = await service.find(turn.actor, query.value);
      switch (outcome.kind) {
        case 'forbidden':
          turn.outcome('forbidden');
          return sendCards('', notices.forbidden());
        case 'usage':
          return sendCards('', accessLogNotices.usage());
        case 'unknown':
          return sendCards('', accessLogNotices.unknown());
        case 'log':
          return { ...sendCards('Adgangslog', accessLogCard(outcome)), markdown: accessLogCsvMessages(outcome.lines) };
      }
    },
  };
}
