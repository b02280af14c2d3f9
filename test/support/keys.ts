/**
 * Encryption keys for tests (src/db/sealing.ts): fixed, so a failing test can be repeated, and
 * never the development key, so a test with BOT_ID set is configured as production would be.
 */
import { createHash } from 'node:crypto';

const material = (seed: string) => createHash('sha256').update(`indsatsguiden test key ${seed}`).digest('base64');

export const TEST_KEY = `test-1:${material('1')}`;
export const TEST_KEY_2 = `test-2:${material('2')}`;
