import cliProgress from 'cli-progress';
import type { LoadPhase } from '../kb/knowledge-base.js';

/**
 * Load progress: a bar on a terminal, a plain line every few seconds elsewhere (logs, CI).
 * Output goes to stderr so stdout stays machine-readable (batch, --json).
 */
export function loadProgress(stream: NodeJS.WriteStream = process.stderr): {
  onProgress: (phase: LoadPhase, done: number, total: number) => void;
  stop: () => void;
} {
  let bar: cliProgress.SingleBar | undefined;
  let lastLine = 0;
  return {
    onProgress(phase, done, total) {
      if (phase !== 'parsing' || total < 200) {
        if (phase === 'ready') bar?.stop();
        return;
      }
      if (stream.isTTY) {
        bar ??= new cliProgress.SingleBar(
          {
            stream,
            format: 'indexing {bar} {value}/{total} files {percentage}% eta {eta}s',
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        if (!bar.isActive) bar.start(total, done);
        bar.update(done);
      } else if (Date.now() - lastLine > 2000 || done === total) {
        lastLine = Date.now();
        stream.write(`indexing: ${done}/${total} files\n`);
      }
    },
    stop() {
      bar?.stop();
    },
  };
}
