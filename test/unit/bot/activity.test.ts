/**
 * What the bot reads from an activity (src/bot/activity.ts): the typed text, which may arrive as
 * anything; the Action.Execute click; and the sender's Teams name as it may be stored and shown.
 */
import { describe, expect, it } from 'vitest';
import { executeOf, messageTextOf, senderNameOf } from '../../../src/bot/activity.js';

describe('reading an activity', () => {
  it('reads text only when it is a string', () => {
    expect(messageTextOf({ text: 'hjælp' })).toBe('hjælp');
    expect(messageTextOf({})).toBe('');
    expect(messageTextOf({ text: null })).toBe('');
    for (const odd of [42, { a: 1 }, ['hjælp'], true]) expect(messageTextOf({ text: odd })).toBeNull();
  });

  it('reads an Action.Execute click, and nothing else', () => {
    const click = {
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'help.show', data: { a: 1 } } },
    };
    expect(executeOf(click)).toEqual({ verb: 'help.show', data: { a: 1 } });
    expect(executeOf({ ...click, value: { action: { type: 'Action.Execute', verb: 'help.show' } } })).toEqual({
      verb: 'help.show',
      data: {},
    });
    expect(executeOf({ ...click, name: 'task/fetch' })).toBeNull();
    expect(executeOf({ ...click, value: { action: { type: 'Action.Submit', verb: 'help.show' } } })).toBeNull();
    expect(executeOf({ ...click, value: { action: { type: 'Action.Execute', verb: 7 } } })).toBeNull();
    expect(executeOf({ type: 'message', text: 'x' })).toBeNull();
  });

  it('passes a sender name on without CPR numbers, control or invisible characters, and bounded', () => {
    expect(senderNameOf({ from: { name: '  Mette   Kjær ' } })).toBe('Mette Kjær');
    expect(senderNameOf({ from: { name: 'Mette 010203-1234' } })).toBe('Mette [CPR fjernet]');
    expect(senderNameOf({ from: { name: 'Mette 010203\u200b1234' } })).toBe('Mette [CPR fjernet]');
    expect(senderNameOf({ from: { name: 'Mette\r\nKjær\u0000\u202e' } })).toBe('Mette Kjær');
    expect(senderNameOf({ from: { name: 42 } })).toBe('');
    expect(senderNameOf({})).toBe('');
    expect(Array.from(senderNameOf({ from: { name: 'æ'.repeat(500) } }))).toHaveLength(100);
  });
});
