/**
 * The HTTP edge's settings (START_WAIT_SECONDS, REPLY_TIMEOUT_SECONDS, BOT_OPENID_METADATA_URL):
 * defaults, bounds, and the Danish refusal naming the variable.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const GUID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const BOT = { BOT_ID: GUID, BOT_PASSWORD: 's3cret' };

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('the edge settings', () => {
  it('waits 10 s for the start, bounds replies at 8 s and uses the public cloud by default', () => {
    const config = loadConfig({});
    expect(config.startWaitMs).toBe(10_000);
    expect(config.replyTimeoutMs).toBe(8_000);
    expect(config.openIdMetadataUrl).toBeNull();
  });

  it('takes an https metadata address, or http on loopback, with a bot registration', () => {
    expect(loadConfig({ ...BOT, BOT_OPENID_METADATA_URL: 'https://login.botframework.azure.us/v1/.well-known/openidconfiguration' }).openIdMetadataUrl).toMatch(/^https:/);
    expect(loadConfig({ ...BOT, BOT_OPENID_METADATA_URL: 'http://127.0.0.1:8080/v1/.well-known/openidconfiguration' }).openIdMetadataUrl).toMatch(/^http:/);
    expect(loadConfig({ START_WAIT_SECONDS: '0', REPLY_TIMEOUT_SECONDS: '14' })).toMatchObject({ startWaitMs: 0, replyTimeoutMs: 14_000 });
  });

  it.each([
    [{ ...BOT, BOT_OPENID_METADATA_URL: 'http://keys.example.com/openid' }, 'BOT_OPENID_METADATA_URL'],
    [{ ...BOT, BOT_OPENID_METADATA_URL: 'ikke en adresse' }, 'BOT_OPENID_METADATA_URL'],
    [{ BOT_OPENID_METADATA_URL: 'https://login.botframework.com/v1/.well-known/openidconfiguration' }, 'BOT_OPENID_METADATA_URL'],
    [{ REPLY_TIMEOUT_SECONDS: '15' }, 'REPLY_TIMEOUT_SECONDS'],
    [{ REPLY_TIMEOUT_SECONDS: '0' }, 'REPLY_TIMEOUT_SECONDS'],
    [{ START_WAIT_SECONDS: '61' }, 'START_WAIT_SECONDS'],
  ])('refuses %j naming %s', (env, variable) => {
    expect(problems(env as Record<string, string>).some((p) => p.startsWith(variable))).toBe(true);
  });
});
