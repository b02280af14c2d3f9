/**
 * Card actions and commands of sparring requests: the form (Anmod om sparring), sending it, and
 * the advisers' Jeg tager den / Giv fra mig / Send videre / Afslut / Afvis, the Universal Actions
 * refresh (each viewer gets their own buttons), and the lists (mine anmodninger, åbne
 * anmodninger). Thin: read the card (sparring.input.ts), call SparringService (which decides
 * access from the stored request and the directory), answer with a card. Every invoke is answered
 * with a card. The messages a change causes (the teacher's copy, the other delivered copies
 * updated in place) are enqueued by the service in the change's own transaction; here the
 * dispatcher is only woken.
 */
import type { DirectoryLookup } from '../directory/lookup.js';
import type { SparringService, SparringRequestView, SparringFormView, TransitionOutcome } from '../sparring/sparring.service.js';
import type { SparringRepository } from '../sparring/sparring.repository.js';
import { requestCard } from '../sparring/cards.js';
import { poolRefOf } from '../sparring/sparring.service.js';
import { noticeCard, notices, sparringFormCard, sparringListCard, sparringNotes, SPARRING_LISTS, type Card } from '../cards/index.js';
import { conversationRefKey } from '../conversations/conversation-ref.repository.js';
import type { Parsed } from './input.js';
import { draftCaseOf, forwardOf, notedOf, requestCardOf, requestIdOf, sendFormOf } from './sparring.input.js';
import { badRequest, replaceCard, sendCards, type CardData, type Handlers, type Reply, type VerbTurn } from './reply.js';

export type SparringVerb =
  | 'sparring.draft'
  | 'sparring.send'
  | 'sparring.claim'
  | 'sparring.release'
  | 'sparring.forward'
  | 'sparring.close'
  | 'sparring.reject'
  | 'sparring.refresh'
  | 'sparring.open'
  | 'sparring.mine'
  | 'sparring.unclaimed';

type TransitionVerb = 'sparring.release' | 'sparring.forward' | 'sparring.close' | 'sparring.reject';

const LIST_LIMIT = 15;

/** The sparring verbs, with what they need (compose.ts builds it). */
export class SparringHandlers {
  readonly verbs: Pick<Handlers, SparringVerb>;

  constructor(
    private readonly service: SparringService,
    private readonly requests: SparringRepository,
    private readonly directory: () => DirectoryLookup,
    /** Messages waiting for a recipient (a channel just given a reference) go out; the dispatcher wakes. */
    private readonly reachable: (refKey: string) => Promise<void>,
    private readonly wake: () => void,
  ) {
    const sparring = service;
    // `turn.replyToId`: the card the answer replaces; the service updates every other delivered copy.
    this.verbs = {
      'sparring.draft': async (turn, data) => {
        const outcome = await sparring.formFor(turn.actor, draftCaseOf(data));
        if (outcome.kind === 'form') return sendCards('Anmod om sparring', this.form(outcome.form, {}, []));
        return sendCards(
          '',
          outcome.kind === 'unavailable' ? noticeCard('info', 'Sparring kan ikke sendes', outcome.message) : notices.notFound(),
        );
      },
      'sparring.send': (turn, data) => this.send(turn, data),
      'sparring.claim': (turn, data) => this.claim(turn, data),
      'sparring.release': (turn, data) =>
        this.transition(turn, 'sparring.release', requestCardOf(data), (input) => sparring.release(turn.actor, input, turn.replyToId)),
      'sparring.forward': (turn, data) =>
        this.transition(turn, 'sparring.forward', forwardOf(data), (input) => sparring.forward(turn.actor, input, turn.replyToId)),
      'sparring.close': (turn, data) =>
        this.transition(turn, 'sparring.close', notedOf(data), (input) => sparring.close(turn.actor, input, turn.replyToId)),
      'sparring.reject': (turn, data) =>
        this.transition(turn, 'sparring.reject', notedOf(data), (input) => sparring.reject(turn.actor, input, turn.replyToId)),
      'sparring.refresh': async (turn, data) => replaceCard(await this.viewCard(turn, data)),
      'sparring.open': async (turn, data) => sendCards('Anmodning', await this.viewCard(turn, data)),
      'sparring.mine': (turn) => this.list(turn, 'mine'),
      'sparring.unclaimed': (turn) => this.list(turn, 'open'),
    };
  }

  private async send(turn: VerbTurn, data: CardData): Promise<Reply> {
    const input = sendFormOf(data);
    if (!input.ok) return badRequest(input.errors);
    const outcome = await this.service.send(turn.actor, input.value, turn.displayName);
    switch (outcome.kind) {
      case 'sent': {
        await this.deliverTo(outcome.view.request.pool, outcome.view.request.poolOwner, turn);
        const where = outcome.audience === 'channel' ? 'kanal' : 'medlemmer';
        return replaceCard(notices.sparringSent(outcome.view.poolName, where), 'Sendt');
      }
      case 'already-sent':
        return replaceCard(notices.sparringSent(outcome.view.poolName, 'medlemmer'), 'Allerede sendt');
      case 'invalid':
        return replaceCard(this.form(outcome.form, outcome.values, outcome.errors), 'Ret anmodningen');
      case 'unavailable':
        return replaceCard(noticeCard('info', 'Sparring kan ikke sendes', outcome.message));
      case 'not-found':
        return replaceCard(notices.notFound());
    }
  }

  private async claim(turn: VerbTurn, data: CardData): Promise<Reply> {
    const input = requestCardOf(data);
    if (!input.ok) return badRequest(input.errors);
    const outcome = await this.service.claim(turn.actor, input.value, turn.replyToId);
    switch (outcome.kind) {
      case 'claimed':
        this.wake();
        return replaceCard(await this.card(outcome.view, sparringNotes.claimed()), 'Taget');
      case 'already-yours':
        return replaceCard(await this.card(outcome.view, 'Du har allerede taget anmodningen. Intet er ændret.'), 'Intet ændret');
      case 'taken':
        return replaceCard(await this.card(outcome.view, `${outcome.byName} nåede at tage anmodningen først.`), 'Taget af en anden');
      case 'refused':
        return replaceCard(await this.card(outcome.view, outcome.message), 'Intet ændret');
      case 'not-found':
        return replaceCard(notices.sparringNotFound());
    }
  }

  /** Giv fra mig, Send videre, Afslut, Afvis: one answer for all four. */
  private async transition<T>(
    turn: VerbTurn,
    verb: TransitionVerb,
    input: Parsed<T>,
    run: (input: T) => Promise<TransitionOutcome>,
  ): Promise<Reply> {
    if (!input.ok) return badRequest(input.errors);
    const outcome = await run(input.value);
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
        return replaceCard(outcome.view ? await this.card(outcome.view, note) : noticeCard('info', 'Sendt videre', note), 'Gemt');
      }
      case 'refused':
      case 'stale':
        return replaceCard(outcome.view ? await this.card(outcome.view, outcome.message) : notices.sparringNotFound(), 'Intet ændret');
      case 'invalid':
        return replaceCard(await this.card(outcome.view, outcome.errors.map((e) => e.message).join(' ')), 'Ret teksten');
      case 'not-found':
        return replaceCard(notices.sparringNotFound());
    }
  }

  /** The request as this viewer may see it now (a refresh, Åbn), or "not found". */
  private async viewCard(turn: VerbTurn, data: CardData): Promise<Card> {
    const requestId = requestIdOf(data);
    const view = requestId !== null ? await this.service.viewFor(turn.actor, requestId) : null;
    return view ? this.card(view, null) : notices.sparringNotFound();
  }

  private async list(turn: VerbTurn, which: 'mine' | 'open'): Promise<Reply> {
    const views = which === 'mine' ? await this.service.mine(turn.actor) : await this.service.open(turn.actor);
    const list = SPARRING_LISTS[which];
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
    return sendCards(list.title, card);
  }

  private form(form: SparringFormView, values: Record<string, string>, errors: { field: string | null; message: string }[]): Card {
    return sparringFormCard({
      caseId: form.caseId,
      formId: form.formId,
      pseudonym: form.pseudonym,
      teamTitle: form.teamTitle,
      stepTitle: null,
      groups: form.pools.map((p) => ({ id: p.pool, title: p.name, onlyYou: p.onlyYou })),
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

  /** A request was sent (or passed on): make sure its group's channel can be written to, and send now. */
  private async deliverTo(pool: SparringRequestView['request']['pool'], owner: string, turn: VerbTurn): Promise<void> {
    const channel = this.directory().poolChannel(poolRefOf({ pool, owner }));
    if (channel) {
      await turn.ensureChannelRef(channel.channelId);
      await this.reachable(conversationRefKey(channel.channelId));
    }
    this.wake();
  }
}
