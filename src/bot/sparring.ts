/**
 * Card actions and commands of sparring requests: the form (Anmod om sparring), sending it, and
 * the advisers' Jeg tager den / Giv fra mig / Send videre / Afslut / Afvis, the Universal Actions
 * refresh (each viewer gets their own buttons), and the lists (mine anmodninger, åbne
 * anmodninger). Thin: parse, call SparringService (which decides access from the stored request
 * and the directory), answer with a card. Every invoke is answered with a card. The messages a
 * change causes (the teacher's copy, the other delivered copies updated in place) are enqueued by
 * the service in the change's own transaction; here the dispatcher is only woken.
 */
import type { Actor } from '../domain/actor.js';
import type { DirectoryLookup } from '../directory/lookup.js';
import type { SparringService, SparringRequestView, SparringFormView } from '../sparring/sparring.service.js';
import type { SparringRepository } from '../sparring/sparring.repository.js';
import { requestCard } from '../sparring/cards.js';
import { poolRefOf } from '../sparring/sparring.service.js';
import { noticeCard, notices, sparringFormCard, sparringListCard, sparringNotes, SPARRING_LISTS, type Card } from '../cards/index.js';
import { conversationRefKey } from '../conversations/conversation-ref.repository.js';
import type { PlanReply } from './plans.js';

export const SPARRING_VERBS = [
  'sparring.draft', 'sparring.send', 'sparring.claim', 'sparring.release', 'sparring.forward', 'sparring.close', 'sparring.reject',
  'sparring.refresh', 'sparring.open', 'sparring.mine', 'sparring.unclaimed',
] as const;
export type SparringVerb = (typeof SPARRING_VERBS)[number];

/** What the handler needs from the turn it runs in. */
export interface SparringTurn {
  /** The card that was clicked (its activity id), if any: the answer replaces it. */
  replyToId: string | null;
  /** Stores a reference for a group's channel built from this turn's, unless one exists. */
  ensureChannelRef(channelId: string): Promise<boolean>;
}

const LIST_LIMIT = 15;

export class SparringHandlers {
  constructor(
    private readonly service: SparringService,
    private readonly requests: SparringRepository,
    private readonly directory: () => DirectoryLookup,
    /** Messages waiting for a recipient (a channel just given a reference) go out; the dispatcher wakes. */
    private readonly reachable: (refKey: string) => Promise<void>,
    private readonly wake: () => void,
  ) {}

  async handle(verb: SparringVerb, actor: Actor, data: Record<string, unknown>, displayName: string, turn: SparringTurn): Promise<PlanReply> {
    switch (verb) {
      case 'sparring.draft': {
        const outcome = await this.service.formFor(actor, typeof data.caseId === 'string' ? data.caseId : '');
        if (outcome.kind === 'form') return { replace: null, toast: 'Anmod om sparring', send: [this.form(outcome.form, {}, [])] };
        return { replace: null, toast: '', send: [outcome.kind === 'unavailable' ? noticeCard('info', 'Sparring kan ikke sendes', outcome.message) : notices.notFound()] };
      }
      case 'sparring.send': {
        const outcome = await this.service.send(actor, data, displayName);
        switch (outcome.kind) {
          case 'sent': {
            await this.deliver(outcome.view, turn);
            const where = outcome.audience === 'channel' ? 'kanal' : 'medlemmer';
            return { replace: notices.sparringSent(outcome.view.poolName, where), toast: 'Sendt', send: [] };
          }
          case 'already-sent':
            return { replace: notices.sparringSent(outcome.view.poolName, 'medlemmer'), toast: 'Allerede sendt', send: [] };
          case 'invalid':
            return { replace: this.form(outcome.form, outcome.values, outcome.errors), toast: 'Ret anmodningen', send: [] };
          case 'unavailable':
            return { replace: noticeCard('info', 'Sparring kan ikke sendes', outcome.message), toast: '', send: [] };
          case 'not-found':
            return { replace: notices.notFound(), toast: '', send: [] };
          case 'bad-request':
            return { replace: notices.badRequest(outcome.errors), toast: '', send: [] };
        }
        break;
      }
      case 'sparring.claim': {
        const outcome = await this.service.claim(actor, data, turn.replyToId);
        switch (outcome.kind) {
          case 'claimed':
            this.wake();
            return { replace: await this.card(outcome.view, sparringNotes.claimed()), toast: 'Taget', send: [] };
          case 'already-yours':
            return { replace: await this.card(outcome.view, 'Du har allerede taget anmodningen. Intet er ændret.'), toast: 'Intet ændret', send: [] };
          case 'taken':
            return { replace: await this.card(outcome.view, `${outcome.byName} nåede at tage anmodningen først.`), toast: 'Taget af en anden', send: [] };
          case 'refused':
            return { replace: await this.card(outcome.view, outcome.message), toast: 'Intet ændret', send: [] };
          case 'not-found':
            return { replace: notices.sparringNotFound(), toast: '', send: [] };
          case 'bad-request':
            return { replace: notices.badRequest(outcome.errors), toast: '', send: [] };
        }
        break;
      }
      case 'sparring.release':
      case 'sparring.forward':
      case 'sparring.close':
      case 'sparring.reject': {
        const outcome = await this.transition(verb, actor, data, turn.replyToId);
        switch (outcome.kind) {
          case 'done': {
            this.wake();
            const note = {
              'sparring.release': sparringNotes.released(),
              'sparring.forward': sparringNotes.forwarded(outcome.poolName),
              'sparring.close': sparringNotes.closed(),
              'sparring.reject': sparringNotes.rejected(),
            }[verb];
            if (verb === 'sparring.forward') await this.deliverTo(outcome.request.pool, outcome.request.poolOwner, turn);
            return {
              replace: outcome.view ? await this.card(outcome.view, note) : noticeCard('info', 'Sendt videre', note),
              toast: 'Gemt',
              send: [],
            };
          }
          case 'refused':
          case 'stale':
            return { replace: outcome.view ? await this.card(outcome.view, outcome.message) : notices.sparringNotFound(), toast: 'Intet ændret', send: [] };
          case 'invalid':
            return { replace: await this.card(outcome.view, outcome.errors.map((e) => e.message).join(' ')), toast: 'Ret teksten', send: [] };
          case 'not-found':
            return { replace: notices.sparringNotFound(), toast: '', send: [] };
          case 'bad-request':
            return { replace: notices.badRequest(outcome.errors), toast: '', send: [] };
        }
        break;
      }
      case 'sparring.refresh':
      case 'sparring.open': {
        const view = typeof data.requestId === 'string' ? await this.service.viewFor(actor, data.requestId) : null;
        const card = view ? await this.card(view, null) : notices.sparringNotFound();
        return verb === 'sparring.refresh' ? { replace: card, toast: '', send: [] } : { replace: null, toast: 'Anmodning', send: [card] };
      }
      case 'sparring.mine':
      case 'sparring.unclaimed': {
        const views = verb === 'sparring.mine' ? await this.service.mine(actor) : await this.service.open(actor);
        const list = verb === 'sparring.mine' ? SPARRING_LISTS.mine : SPARRING_LISTS.open;
        const card = sparringListCard({
          title: list.title,
          emptyText: list.emptyText,
          more: views.length > LIST_LIMIT,
          requests: views.slice(0, LIST_LIMIT).map((v) => ({
            requestId: v.request.id,
            caseId: v.request.caseId,
            pseudonym: v.pseudonym,
            groupTitle: v.poolName,
            state: v.request.state,
            claimedByName: v.request.claimedByName,
            createdAt: v.request.createdAt,
            wishedTime: v.request.wishedTime,
          })),
        });
        return { replace: null, toast: list.title, send: [card] };
      }
    }
    return { replace: null, toast: '', send: [] };
  }

  /** `clicked`: the card the answer replaces; the service updates every other delivered copy. */
  private transition(verb: 'sparring.release' | 'sparring.forward' | 'sparring.close' | 'sparring.reject', actor: Actor, data: Record<string, unknown>, clicked: string | null) {
    switch (verb) {
      case 'sparring.release':
        return this.service.release(actor, data, clicked);
      case 'sparring.forward':
        return this.service.forward(actor, data, clicked);
      case 'sparring.close':
        return this.service.close(actor, data, clicked);
      case 'sparring.reject':
        return this.service.reject(actor, data, clicked);
    }
  }

  private form(form: SparringFormView, values: Record<string, string>, errors: { field: string | null; message: string }[]): Card {
    return sparringFormCard({
      caseId: form.caseId,
      formId: form.formId,
      pseudonym: form.pseudonym,
      stepTitle: null,
      groups: form.pools.map((p) => ({ id: p.pool, title: p.name })),
      pool: values.pool ?? form.values.pool,
      helpKinds: values.helpKinds !== undefined ? values.helpKinds.split(',').filter(Boolean) : form.values.helpKinds,
      wishedTime: values.wishedTime ?? form.values.wishedTime,
      summary: values.summary ?? form.values.summary,
      childSpecific: form.consentAsked,
      parentsConsent: values.parentsConsent !== undefined ? values.parentsConsent === 'true' : form.values.parentsConsent,
      errors,
    });
  }

  private async card(view: SparringRequestView, note: string | null): Promise<Card> {
    return requestCard(this.directory(), view, { events: await this.requests.events(view.request.id), note });
  }

  /** A request was sent: make sure its group's channel can be written to, and send now. */
  private async deliver(view: SparringRequestView, turn: SparringTurn): Promise<void> {
    await this.deliverTo(view.request.pool, view.request.poolOwner, turn);
  }

  private async deliverTo(pool: SparringRequestView['request']['pool'], owner: string, turn: SparringTurn): Promise<void> {
    const channel = this.directory().poolChannel(poolRefOf({ pool, owner }));
    if (channel) {
      await turn.ensureChannelRef(channel.channelId);
      await this.reachable(conversationRefKey(channel.channelId));
    }
    this.wake();
  }
}
