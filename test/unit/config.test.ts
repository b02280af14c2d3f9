import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

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
    expect(config.allowedTenants).toEqual([]);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('treats empty strings (as in a copied .env.example) as unset', () => {
    const config = loadConfig({ PORT: '', DATABASE_URL: '', BOT_ID: '', BOT_PASSWORD: '', ALLOWED_TENANTS: '' });
    expect(config.bot).toBeNull();
    expect(config.port).toBe(3978);
  });

  it('with a bot registration listens on all interfaces', () => {
    const config = loadConfig({ BOT_ID: GUID, BOT_PASSWORD: 's3cret', BOT_TENANT_ID: GUID });
    expect(config.bot).toEqual({ appId: GUID, password: 's3cret', tenantId: GUID });
    expect(config.host).toBe('0.0.0.0');
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ BOT_ID: 'not-a-guid', BOT_PASSWORD: 'x' }, 'BOT_ID'],
    [{ BOT_ID: GUID }, 'BOT_PASSWORD'],
    [{ BOT_PASSWORD: 'x' }, 'BOT_ID'],
    [{ BOT_TENANT_ID: 'nope' }, 'BOT_TENANT_ID'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ ALLOWED_TENANTS: `${GUID}, kommune` }, 'ALLOWED_TENANTS'],
  ])('refuses %j naming %s', (env, variable) => {
    const found = problems(env as Record<string, string>);
    expect(found.some((p) => p.startsWith(variable))).toBe(true);
  });

  it('parses the tenant allow-list and always allows the bot tenant', () => {
    const other = '0b7d6e55-2c0f-4d2a-8f6f-1e2d3c4b5a69';
    const config = loadConfig({ ALLOWED_TENANTS: ` ${other.toUpperCase()} `, BOT_ID: GUID, BOT_PASSWORD: 'x', BOT_TENANT_ID: GUID });
    expect(config.allowedTenants).toEqual([other, GUID]);
  });

  it('stops the process with a Danish message naming the variable', async () => {
    const { spawnSync } = await import('node:child_process');
    const result = spawnSync('npx', ['tsx', 'src/main.ts'], { env: { ...process.env, PORT: 'høj' }, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('PORT');
    expect(result.stderr).toContain('Ugyldig konfiguration');
  });
});
