/**
 * The administrators' commands: "status" (who the bot cannot reach, messages that failed) and
 * "genindlæs" (reload the organisation file; a file with errors is refused and the one in use
 * kept). Access is the admin service's: anyone else gets the "not allowed" card.
 */
import type { AdminService } from '../admin/admin.service.js';
import { adminStatusCard, notices } from '../cards/index.js';
import { sendCards, type Handlers } from './reply.js';

export type AdminVerb = 'admin.status' | 'admin.reload';

export function adminHandlers(admin: AdminService): Pick<Handlers, AdminVerb> {
  return {
    'admin.status': async (turn) => {
      const status = await admin.status(turn.actor);
      return sendCards('Status', status ? adminStatusCard(status) : notices.forbidden());
    },
    'admin.reload': async (turn) => {
      const outcome = admin.reload(turn.actor);
      if (!outcome) return sendCards('', notices.forbidden());
      const details = outcome.ok
        ? [`${outcome.people} personer og ${outcome.schools} skoler er indlæst.`]
        : ['Filen i brug er beholdt. Ret disse fejl og prøv igen:', ...outcome.errors.slice(0, 20)];
      const status = await admin.status(turn.actor);
      return sendCards(
        outcome.ok ? 'Genindlæst' : 'Ikke genindlæst',
        notices.reloaded(outcome.ok, details),
        ...(status ? [adminStatusCard(status)] : []),
      );
    },
  };
}
