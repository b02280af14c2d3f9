/** Paths shared by the end-to-end runner (inside the network namespace) and the vitest side (outside). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Debian's Chromium; E2E_CHROMIUM points elsewhere. */
export const CHROMIUM_PATH = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
