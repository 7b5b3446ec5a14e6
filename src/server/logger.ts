/**
 * Structured JSON logs (pino) on stdout: one object a line with time, level, msg and fields.
 * Secrets never reach the log: authorization headers and settings with secrets are redacted.
 */
import { pino, type DestinationStream, type Logger } from 'pino';

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
