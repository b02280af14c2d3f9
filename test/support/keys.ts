/**
 * Encryption keys for tests (src/db/sealing.ts): fixed, so a failing test can be repeated, and
 * never the development key, so a test with BOT_ID set is configured as production would be.
 */
export const TEST_KEY = `test-1:${Buffer.alloc(32, 7).toString('base64')}`;
export const TEST_KEY_2 = `test-2:${Buffer.alloc(32, 9).toString('base64')}`;
