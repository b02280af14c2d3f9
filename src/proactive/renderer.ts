/**
 * The dispatcher's renderer (src/dispatch/dispatcher.ts `Renderer`): turns a due outbox row into
 * the activity to send — or says it is obsolete — through the row's kind in the registry. The kinds
 * read what they need from the RenderContext when the row is sent, never when it was planned.
 */
import type { OutboxMessage } from '../dispatch/outbox.repository.js';
import { obsolete, type RenderContext, type Rendered } from './kind.js';
import { proactiveKind } from './registry.js';

export class ProactiveRenderer {
  constructor(private readonly context: RenderContext) {}

  render(message: OutboxMessage): Promise<Rendered> {
    const kind = proactiveKind(message.kind);
    // The check constraint keeps other kinds out of the table; a row of one is not sent.
    if (!kind) return Promise.resolve(obsolete(`unknown kind ${String(message.kind)}`));
    return kind.render(message, this.context);
  }
}
