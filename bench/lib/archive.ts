import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** Regular files under `dir` (any depth); 0 when it does not exist. */
export function countFiles(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
}

/** Regular files the tarball holds (`tar -tzf`, entries not ending in `/`). */
export function countTarFiles(tarball: string): number {
  const r = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`tar -tzf ${tarball} failed: ${r.stderr || r.error?.message}`);
  return r.stdout.split('\n').filter((l) => l && !l.endsWith('/')).length;
}

/**
 * Make sure `dir` holds the extracted archive: skipped when it already has as many files as the
 * tarball, else extracted with `tar` (over what is there). Returns the file count.
 */
export function ensureArchive(
  tarball: string,
  dir: string,
  log: (m: string) => void,
): { files: number; extracted: boolean; ms: number } {
  const t0 = performance.now();
  const have = countFiles(dir);
  if (!existsSync(tarball)) {
    if (have > 0) return { files: have, extracted: false, ms: performance.now() - t0 };
    throw new Error(`no archive at ${tarball} and nothing extracted in ${dir}`);
  }
  const want = countTarFiles(tarball);
  if (have === want) return { files: have, extracted: false, ms: performance.now() - t0 };
  log(`extracting ${path.basename(tarball)} (${want} files) into ${dir} (found ${have} files there)`);
  mkdirSync(dir, { recursive: true });
  const r = spawnSync('tar', ['-xzf', tarball, '-C', dir], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`tar -xzf ${tarball} -C ${dir} failed (exit ${r.status})`);
  const got = countFiles(dir);
  if (got !== want)
    throw new Error(
      `${dir} holds ${got} files after extraction, the archive ${want}: clear the folder and run again`,
    );
  return { files: got, extracted: true, ms: performance.now() - t0 };
}
