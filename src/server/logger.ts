/**
 * Structured JSON logs (pino) on stdout: one object a line with time, level, msg and fields.
 * Secrets never reach the log: authorization headers and settings with secrets are redacted.
 *
 * The server writes them asynchronously (`stdoutDestination`): a write to a pipe or a slow
 * terminal never holds the event loop, and the lines of a burst go out together while one write
 * is under way. What is still buffered is written synchronously when the process exits, however
 * it exits (pino flushes its destination on `exit`), so no line is lost to `process.exit`.
 */
import { destination, pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'kbbot' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'settings.MicrosoftAppPassword',
          'settings.SLACK_BOT_TOKEN',
          'settings.SLACK_SIGNING_SECRET',
          'settings.SLACK_APP_TOKEN',
          'settings.KB_USER_SALT',
          'settings.DATABASE_URL',
        ],
        censor: '[hidden]',
      },
    },
    destination,
  );
}

/** Standard output, written in the background (see above); an idle server's lines go out at once. */
export function stdoutDestination(): DestinationStream {
  return destination({ dest: 1, sync: false, minLength: 0 });
}
