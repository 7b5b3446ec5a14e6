import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';

/** The package root (where package.json is), whether running from src/ with tsx or from dist/. */
export const PACKAGE_ROOT = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();

/** Default content folder: `KB_CONTENT_DIR`, else the package's own `content/`. */
export function defaultContentDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.KB_CONTENT_DIR ? path.resolve(env.KB_CONTENT_DIR) : path.join(PACKAGE_ROOT, 'content');
}

/** Default cache folder for index snapshots: `KB_CACHE_DIR`, else `.cache/` in the package (outside content/). */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.KB_CACHE_DIR ? path.resolve(env.KB_CACHE_DIR) : path.join(PACKAGE_ROOT, '.cache');
}
