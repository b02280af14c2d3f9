import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { TEST_KEY } from '../support/keys.js';

const GUID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('has defaults for local anonymous mode on loopback', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3978);
    expect(config.host).toBe('127.0.0.1');
    expect(config.bot).toBeNull();
    expect(config.databaseUrl).toBeNull();
    expect(config.dataDir).toMatch(/data$/);
    expect(config.logLevel).toBe('info');
    expect(config.directoryFile).toMatch(/config\/directory\.example\.yaml$/);
    expect(config.dispatch).toEqual({
      enabled: true,
      tenantRatePerSecond: 30,
      maxAttempts: 8,
      leaseMs: 60_000,
      pollMs: 1000,
      batchSize: 50,
      concurrency: 16,
      schedulerIntervalMs: 60_000,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('treats empty strings (as in a copied .env.example) as unset', () => {
    const config = loadConfig({ PORT: '', DATABASE_URL: '', BOT_ID: '', BOT_PASSWORD: '', DIRECTORY_FILE: '', DISPATCH_TENANT_RATE: '' });
    expect(config.bot).toBeNull();
    expect(config.port).toBe(3978);
  });

  it('with a bot registration listens on all interfaces', () => {
    const config = loadConfig({ BOT_ID: GUID, BOT_PASSWORD: 's3cret', BOT_TENANT_ID: GUID, ENCRYPTION_KEY: TEST_KEY });
    expect(config.bot).toEqual({ appId: GUID, password: 's3cret', tenantId: GUID });
    expect(config.host).toBe('0.0.0.0');
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ BOT_ID: 'not-a-guid', BOT_PASSWORD: 'x' }, 'BOT_ID'],
    [{ BOT_ID: GUID, BOT_PASSWORD: 'x' }, 'ENCRYPTION_KEY'],
    [{ ENCRYPTION_KEY: 'nøgle' }, 'ENCRYPTION_KEY'],
    [{ ENCRYPTION_PREVIOUS_KEYS: 'gammel:kort' }, 'ENCRYPTION_PREVIOUS_KEYS'],
    [{ BOT_ID: GUID, ENCRYPTION_KEY: TEST_KEY }, 'BOT_PASSWORD'],
    [{ BOT_PASSWORD: 'x' }, 'BOT_ID'],
    [{ BOT_TENANT_ID: 'nope' }, 'BOT_TENANT_ID'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ DISPATCH_TENANT_RATE: '0' }, 'DISPATCH_TENANT_RATE'],
    [{ DISPATCH_MAX_ATTEMPTS: 'mange' }, 'DISPATCH_MAX_ATTEMPTS'],
    [{ DISPATCH_LEASE_SECONDS: '1' }, 'DISPATCH_LEASE_SECONDS'],
    [{ DISPATCHER: 'maybe' }, 'DISPATCHER'],
  ])('refuses %j naming %s', (env, variable) => {
    const found = problems(env as Record<string, string>);
    expect(found.some((p) => p.startsWith(variable))).toBe(true);
  });

  it('reads the directory file and the dispatcher settings', () => {
    const config = loadConfig({
      DIRECTORY_FILE: 'min-kommune.yaml',
      DISPATCH_TENANT_RATE: '12',
      DISPATCH_LEASE_SECONDS: '30',
      DISPATCHER: 'off',
    });
    expect(config.directoryFile).toBe(path.resolve('min-kommune.yaml'));
    expect(config.dispatch).toMatchObject({ tenantRatePerSecond: 12, leaseMs: 30_000, enabled: false });
  });

  it('stops the process with a Danish message naming the variable', async () => {
    const { spawnSync } = await import('node:child_process');
    const result = spawnSync('npx', ['tsx', 'src/main.ts'], { env: { ...process.env, PORT: 'høj' }, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('PORT');
    expect(result.stderr).toContain('Ugyldig konfiguration');
    // In production (BOT_ID) without an encryption key of its own: refused, with how to make one.
    const env = { ...process.env, PORT: '0', BOT_ID: GUID, BOT_PASSWORD: 'x', ENCRYPTION_KEY: '' };
    const keyless = spawnSync('npx', ['tsx', 'src/main.ts'], { env, encoding: 'utf8' });
    expect(keyless.status).toBe(2);
    expect(keyless.stderr).toContain('ENCRYPTION_KEY: mangler');
    expect(keyless.stderr).toContain('npm run keys -- new');
  });

  it('refuses to start on a bad directory file, naming every bad entry by its path', async () => {
    const { spawnSync } = await import('node:child_process');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'directory-')), 'kommune.yaml');
    writeFileSync(file, 'tenantId: ikke-en-guid\npeople: []\ndistricts: []\nschools:\n  - { id: s, name: Skole, district: findes-ikke }\n');
    const result = spawnSync('npx', ['tsx', 'src/main.ts'], { env: { ...process.env, PORT: '0', DIRECTORY_FILE: file }, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`Organisationsfilen ${file} er ugyldig`);
    expect(result.stderr).toContain('tenantId');
    expect(result.stderr).toContain('schools[0]');
    expect(result.stderr).toContain('DIRECTORY_FILE');
  });
});

// The HTTP edge's settings (START_WAIT_SECONDS, REPLY_TIMEOUT_SECONDS, BOT_OPENID_METADATA_URL):
// defaults, bounds, and the Danish refusal naming the variable.
const BOT = { BOT_ID: GUID, BOT_PASSWORD: 's3cret', ENCRYPTION_KEY: TEST_KEY };

describe('the edge settings', () => {
  it('waits 10 s for the start, bounds replies at 8 s and uses the public cloud by default', () => {
    const config = loadConfig({});
    expect(config.startWaitMs).toBe(10_000);
    expect(config.replyTimeoutMs).toBe(8_000);
    expect(config.openIdMetadataUrl).toBeNull();
  });

  it('takes an https metadata address, or http on loopback, with a bot registration', () => {
    expect(
      loadConfig({ ...BOT, BOT_OPENID_METADATA_URL: 'https://login.botframework.azure.us/v1/.well-known/openidconfiguration' })
        .openIdMetadataUrl,
    ).toMatch(/^https:/);
    expect(
      loadConfig({ ...BOT, BOT_OPENID_METADATA_URL: 'http://127.0.0.1:8080/v1/.well-known/openidconfiguration' }).openIdMetadataUrl,
    ).toMatch(/^http:/);
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
