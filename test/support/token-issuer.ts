/**
 * A Bot Framework token issuer on loopback, for authentication tests without the network: it
 * publishes OpenID metadata and a JWKS with one RSA key (as login.botframework.com does, with the
 * channel endorsements), and signs tokens with that key, with another key, with HMAC or with none,
 * so tests can post both the tokens Teams sends and forged ones. Point BOT_OPENID_METADATA_URL at
 * `metadataUrl`.
 */
import { createHmac, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The issuer of tokens from the Bot Framework channels (botframework-connector's AuthenticationConstants). */
export const CHANNEL_ISSUER = 'https://api.botframework.com';

export interface TokenIssuer {
  metadataUrl: string;
  /** The id of the published key. */
  kid: string;
  /** The published public key, as PEM (what an alg-confusion attacker would use as HMAC secret). */
  publicKeyPem: string;
  /** How many times the key set was fetched. */
  keyFetches(): number;
  /** A token signed with the published key (RS256). */
  signed(claims: Record<string, unknown>, header?: Record<string, unknown>): string;
  /** A token signed with a key that is not published, under the published key's id. */
  signedByOtherKey(claims: Record<string, unknown>): string;
  /** A token signed with HMAC-SHA256 and `secret`, under the published key's id. */
  hmac(claims: Record<string, unknown>, secret: string): string;
  /** A token with `alg: none` and no signature, under the published key's id. */
  unsigned(claims: Record<string, unknown>): string;
  close(): Promise<void>;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');
const part = (value: Record<string, unknown>) => b64url(JSON.stringify(value));

function rs256(header: Record<string, unknown>, claims: Record<string, unknown>, key: KeyObject): string {
  const input = `${part({ alg: 'RS256', typ: 'JWT', ...header })}.${part(claims)}`;
  return `${input}.${b64url(sign('sha256', Buffer.from(input), key))}`;
}

export async function startTokenIssuer(): Promise<TokenIssuer> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = `test-${randomUUID()}`;
  const jwk = publicKey.export({ format: 'jwk' });
  let fetches = 0;
  let base = '';
  const server = http.createServer((req, res) => {
    const send = (body: unknown) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/v1/.well-known/openidconfiguration') {
      send({ issuer: CHANNEL_ISSUER, jwks_uri: `${base}/v1/keys`, id_token_signing_alg_values_supported: ['RS256'] });
    } else if (req.url === '/v1/keys') {
      fetches++;
      send({ keys: [{ kty: 'RSA', use: 'sig', kid, n: jwk.n, e: jwk.e, endorsements: ['msteams', 'webchat', 'emulator'] }] });
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    metadataUrl: `${base}/v1/.well-known/openidconfiguration`,
    kid,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    keyFetches: () => fetches,
    signed: (claims, header = {}) => rs256({ kid, ...header }, claims, privateKey),
    signedByOtherKey: (claims) => rs256({ kid }, claims, other.privateKey),
    hmac(claims, secret) {
      const input = `${part({ alg: 'HS256', typ: 'JWT', kid })}.${part(claims)}`;
      return `${input}.${b64url(createHmac('sha256', secret).update(input).digest())}`;
    },
    unsigned: (claims) => `${part({ alg: 'none', typ: 'JWT', kid })}.${part(claims)}.`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
