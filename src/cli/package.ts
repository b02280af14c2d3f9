/**
 * `npm run package`: builds appPackage/build/indsatsguiden-<version>.zip for upload to Teams.
 *
 *   BOT_ID=<Microsoft App ID> APP_WEBSITE_URL=https://… APP_PRIVACY_URL=https://… \
 *   APP_TERMS_URL=https://… npm run package
 *
 * Reads the process environment only (no .env file). Exit codes: 0 built, 2 a variable is missing
 * or invalid, 1 the manifest or the icons are invalid (or anything else went wrong).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAppPackage, EXIT_INVALID_PACKAGE, PackageError } from '../appPackage/package.js';

const appPackageDir = fileURLToPath(new URL('../../appPackage/', import.meta.url));

try {
  const result = await buildAppPackage({ appPackageDir, env: process.env });
  const relative = path.relative(process.cwd(), result.zipPath) || result.zipPath;
  console.log(`App-pakken er bygget: ${relative}`);
  console.log(`Udfyldt fra miljøet: ${result.variables.join(', ') || '(ingen)'}`);
  console.log('Upload den i Teams (Apps → Administrer dine apps → Upload en app) eller i Teams Admin Center.');
} catch (error) {
  if (error instanceof PackageError) {
    console.error(error.message);
    process.exitCode = error.exitCode;
  } else {
    console.error('App-pakken kunne ikke bygges:', error instanceof Error ? error.message : error);
    process.exitCode = EXIT_INVALID_PACKAGE;
  }
}
