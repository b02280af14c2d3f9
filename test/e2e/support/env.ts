/** Paths shared by the end-to-end runner (inside the network namespace) and the vitest side (outside). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Debian's Chromium; CHROMIUM_PATH points elsewhere. */
export { CHROMIUM_PATH } from '../../../src/cli/chromium.js';
