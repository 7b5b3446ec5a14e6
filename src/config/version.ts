import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from './paths.js';

/** kbbot's version, from package.json. */
export const VERSION: string = (() => {
  try {
    return String(
      (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: unknown })
        .version ?? '0.0.0',
    );
  } catch {
    return '0.0.0';
  }
})();
