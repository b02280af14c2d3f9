/**
 * The Bot Framework CloudAdapter. With a bot registration every request's token is validated; in
 * local anonymous mode (no BOT_ID) it accepts unauthenticated requests, which is why the server
 * then listens on loopback only.
 */
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import type { Config } from '../config.js';

export function createAdapter(config: Pick<Config, 'bot'>): CloudAdapter {
  const bot = config.bot;
  const settings = bot
    ? {
        MicrosoftAppId: bot.appId,
        MicrosoftAppPassword: bot.password,
        MicrosoftAppType: bot.tenantId ? 'SingleTenant' : 'MultiTenant',
        MicrosoftAppTenantId: bot.tenantId ?? undefined,
      }
    : {};
  const credentials = new ConfigurationServiceClientCredentialFactory(settings);
  return new CloudAdapter(new ConfigurationBotFrameworkAuthentication(settings, credentials));
}
