/**
 * Every setting kbbot reads, as one zod schema: validated at start, with a message naming each
 * bad setting. Values come from the environment, which `.env` fills (dotenv) without overriding
 * what is already set. An empty value counts as unset. `.env.example` and the README's
 * configuration table list the same settings as SETTINGS_DOC (a test keeps them in step).
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { defaultCacheDir, defaultContentDir } from '../config/paths.js';

/** An unset or blank variable is undefined; anything else is trimmed. */
function blankToUndefined(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const t = v.trim();
  return t === '' ? undefined : t;
}

function optionalString(check?: (s: z.ZodString) => z.ZodString) {
  return z.preprocess(blankToUndefined, (check ? check(z.string()) : z.string()).optional());
}

const bool = (fallback: boolean) =>
  z.preprocess(
    blankToUndefined,
    z
      .stringbool({
        truthy: ['1', 'true', 'yes', 'on'],
        falsy: ['0', 'false', 'no', 'off'],
        error: 'must be true or false (1/0, yes/no, on/off)',
      })
      .default(fallback),
  );

const wholeNumber = (min: number, max: number, what: string) =>
  z.coerce
    .number({ error: `must be ${what}` })
    .int({ error: `must be ${what}` })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });

const int = (min: number, max: number, fallback: number, what = 'a whole number') =>
  z.preprocess(blankToUndefined, wholeNumber(min, max, what).default(fallback));
const optionalInt = (min: number, max: number, what = 'a whole number') =>
  z.preprocess(blankToUndefined, wholeNumber(min, max, what).optional());

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const SettingsSchema = z
  .object({
    PORT: int(0, 65535, 3978, 'a port number from 0 to 65535'),
    HOST: z.preprocess(blankToUndefined, z.string().default('0.0.0.0')),
    LOG_LEVEL: z.preprocess(
      blankToUndefined,
      z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
    ),
    KB_CONTENT_DIR: z
      .preprocess(
        blankToUndefined,
        z.string().default(() => defaultContentDir({})),
      )
      .transform((p) => path.resolve(p))
      .refine(isFolder, { error: (i) => `${String(i.input)} is not a folder kbbot can read` }),
    KB_CACHE_DIR: z
      .preprocess(
        blankToUndefined,
        z.string().default(() => defaultCacheDir({})),
      )
      .transform((p) => path.resolve(p)),
    KB_WATCH: bool(true),
    KB_MATCH_WORKERS: optionalInt(1, 64),
    DATABASE_URL: optionalString((s) =>
      s.regex(/^postgres(ql)?:\/\/\S+$/, { error: 'must be a postgres:// or postgresql:// URL' }),
    ),
    KB_DATA_DIR: z.preprocess(blankToUndefined, z.string().default('.data/pglite')),
    KB_RETENTION_DAYS: int(0, 36500, 90, 'a whole number of days (0 keeps everything)'),
    KB_USER_SALT: optionalString((s) =>
      s.min(16, { error: 'must be at least 16 characters (for example `openssl rand -hex 32`)' }),
    ),
    KB_KEEP_ONLY_IDENTIFIERS: bool(false),
    KB_STORE_QUEUE_LIMIT: int(1, 10_000_000, 10_000),
    KB_CLAIM_TIMEOUT_MS: int(0, 60_000, 1500, 'a whole number of milliseconds'),
    KB_OCR_JOBS: int(0, 16, 1),
    KB_OCR_MAX_MB: int(1, 100, 10, 'a whole number of megabytes'),
    KB_API_TOKEN: optionalString((s) =>
      s.min(16, { error: 'must be at least 16 characters (for example `openssl rand -hex 32`)' }),
    ),
    MicrosoftAppId: optionalString((s) =>
      s.regex(/^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i, {
        error: 'must be a GUID (the Microsoft App ID of the Azure Bot)',
      }),
    ),
    MicrosoftAppPassword: optionalString(),
    MicrosoftAppType: z.preprocess(
      blankToUndefined,
      z
        .enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'], {
          error: 'must be MultiTenant, SingleTenant or UserAssignedMSI',
        })
        .optional(),
    ),
    MicrosoftAppTenantId: optionalString(),
    SLACK_BOT_TOKEN: optionalString((s) =>
      s.startsWith('xoxb-', { error: 'must be a bot token (starts with xoxb-)' }),
    ),
    SLACK_SIGNING_SECRET: optionalString(),
    SLACK_APP_TOKEN: optionalString((s) =>
      s.startsWith('xapp-', { error: 'must be an app-level token (starts with xapp-)' }),
    ),
    SLACK_API_URL: optionalString((s) => s.regex(/^https?:\/\/\S+$/, { error: 'must be an http(s) URL' })),
    SLACK_COMMAND: z.preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^\/[a-z0-9_-]{1,31}$/, { error: 'must be a slash command such as /kb' })
        .default('/kb'),
    ),
    SLACK_PASSIVE_CHANNELS: z
      .preprocess(
        blankToUndefined,
        z
          .string()
          .regex(/^\s*[CG][A-Z0-9]{2,}(\s*,\s*[CG][A-Z0-9]{2,})*\s*,?\s*$/, {
            error: 'must be Slack channel ids separated by commas (C0123ABCD,C0456EFGH)',
          })
          .optional(),
      )
      .transform((v) =>
        v
          ? v
              .split(',')
              .map((c) => c.trim())
              .filter(Boolean)
          : [],
      ),
    SLACK_ESCALATION_CHANNEL: optionalString((s) =>
      s.regex(/^[CG][A-Z0-9]{2,}$/, { error: 'must be a Slack channel id (C0123ABCD)' }),
    ),
    TEAMS_ESCALATION_CHANNEL: optionalString((s) =>
      s.regex(/^19:\S+$/, { error: 'must be a Teams channel id (19:…@thread.tacv2)' }),
    ),
    TEAMS_SERVICE_URL: optionalString((s) =>
      s.regex(/^https?:\/\/\S+$/, { error: 'must be an http(s) URL' }),
    ),
    KB_ESCALATION_WEBHOOK_URL: optionalString((s) =>
      s.regex(/^https?:\/\/\S+$/, { error: 'must be an http(s) URL' }),
    ),
    KB_ESCALATION_WEBHOOK_SECRET: optionalString((s) =>
      s.min(16, { error: 'must be at least 16 characters (for example `openssl rand -hex 32`)' }),
    ),
  })
  .superRefine((s, ctx) => {
    if (s.DATABASE_URL && !s.KB_USER_SALT) {
      ctx.addIssue({
        code: 'custom',
        path: ['KB_USER_SALT'],
        message:
          'must be set when DATABASE_URL is set (every instance sharing the database uses the same one)',
      });
    }
    if (s.MicrosoftAppPassword && !s.MicrosoftAppId) {
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppId'],
        message: 'must be set when MicrosoftAppPassword is set',
      });
    }
    if (s.SLACK_BOT_TOKEN && !s.SLACK_SIGNING_SECRET && !s.SLACK_APP_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message: 'must be set when SLACK_BOT_TOKEN is set (or set SLACK_APP_TOKEN for Socket Mode)',
      });
    }
    if ((s.SLACK_SIGNING_SECRET || s.SLACK_APP_TOKEN) && !s.SLACK_BOT_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_BOT_TOKEN'],
        message: 'must be set when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set',
      });
    }
    if (
      (s.MicrosoftAppType === 'SingleTenant' || s.MicrosoftAppType === 'UserAssignedMSI') &&
      !s.MicrosoftAppTenantId
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppTenantId'],
        message: `must be set when MicrosoftAppType is ${s.MicrosoftAppType}`,
      });
    }
    // Without a secret the bot could check incoming tokens but not sign its replies: Teams would never see an answer.
    if (s.MicrosoftAppId && !s.MicrosoftAppPassword && s.MicrosoftAppType !== 'UserAssignedMSI') {
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppPassword'],
        message:
          'must be set when MicrosoftAppId is set (the client secret of the app registration), unless MicrosoftAppType is UserAssignedMSI',
      });
    }
    if (s.KB_ESCALATION_WEBHOOK_URL && !s.KB_ESCALATION_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['KB_ESCALATION_WEBHOOK_SECRET'],
        message:
          'must be set when KB_ESCALATION_WEBHOOK_URL is set (the receiver checks the signature with it)',
      });
    }
    if (s.SLACK_ESCALATION_CHANNEL && !s.SLACK_BOT_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_BOT_TOKEN'],
        message: 'must be set when SLACK_ESCALATION_CHANNEL is set',
      });
    }
    if (s.MicrosoftAppType === 'UserAssignedMSI' && !s.MicrosoftAppId) {
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppId'],
        message: "must be set when MicrosoftAppType is UserAssignedMSI (the managed identity's client id)",
      });
    }
  });

function isFolder(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

export type Settings = z.infer<typeof SettingsSchema>;
export type SettingName = keyof Settings;

/** What the README and `.env.example` say about each setting. */
export const SETTINGS_DOC: Array<{ name: SettingName; default: string; meaning: string }> = [
  {
    name: 'PORT',
    default: '3978',
    meaning:
      'HTTP port of the one server (playground, API, /api/messages, Slack, /healthz). 0 picks a free port.',
  },
  {
    name: 'HOST',
    default: '0.0.0.0',
    meaning: 'Address to listen on; 127.0.0.1 keeps kbbot to this machine.',
  },
  {
    name: 'LOG_LEVEL',
    default: 'info',
    meaning: `Log level of the JSON logs on stdout: ${LOG_LEVELS.join(', ')}.`,
  },
  {
    name: 'KB_CONTENT_DIR',
    default: 'content/',
    meaning:
      'Folder of articles (web KB text, archive TXT, Markdown runbooks), any depth. Watched: edits reload without a restart.',
  },
  {
    name: 'KB_CACHE_DIR',
    default: '.cache/',
    meaning: 'Where index snapshots of large corpora are kept, so a restart takes seconds.',
  },
  {
    name: 'KB_WATCH',
    default: 'true',
    meaning: 'Reload the content when a file under KB_CONTENT_DIR is added, changed or removed.',
  },
  {
    name: 'KB_MATCH_WORKERS',
    default: 'one per core (max 8)',
    meaning: 'Matching threads. Each holds the index (about 300 MB for the full archive).',
  },
  {
    name: 'DATABASE_URL',
    default: 'unset: embedded PGlite',
    meaning:
      'postgres://… to keep queries and feedback in PostgreSQL (several kbbot instances may share it).',
  },
  {
    name: 'KB_DATA_DIR',
    default: '.data/pglite',
    meaning: 'Folder of the embedded database when DATABASE_URL is unset; memory:// keeps nothing.',
  },
  {
    name: 'KB_RETENTION_DAYS',
    default: '90',
    meaning: 'Queries and feedback older than this are deleted; 0 keeps them.',
  },
  {
    name: 'KB_USER_SALT',
    default: 'made once, kept beside KB_DATA_DIR',
    meaning: 'Secret mixed into the hash of user ids (at least 16 characters). Required with DATABASE_URL.',
  },
  {
    name: 'KB_KEEP_ONLY_IDENTIFIERS',
    default: 'false',
    meaning: 'Keep only the identifiers of a paste (codes, event ids, file names), not its prose.',
  },
  {
    name: 'KB_STORE_QUEUE_LIMIT',
    default: '10000',
    meaning:
      'Writes held in memory while the database is away; past it the oldest are dropped (and counted in the log).',
  },
  {
    name: 'KB_API_TOKEN',
    default: 'unset: this machine only',
    meaning:
      'Token other addresses need for the playground and /api/* (Authorization: Bearer …, or open /?token=… once); unset, only this machine may use them.',
  },
  {
    name: 'KB_CLAIM_TIMEOUT_MS',
    default: '1500',
    meaning:
      'Longest the claim of a platform event (retries answered once) waits for the database before answering anyway.',
  },
  {
    name: 'KB_OCR_JOBS',
    default: '1',
    meaning:
      'Screenshots read at once (Tesseract threads, about 40 MB each); more wait in a short queue. 0 turns reading images off.',
  },
  {
    name: 'KB_OCR_MAX_MB',
    default: '10',
    meaning:
      'Largest image read, in megabytes; larger ones are answered "too large" without being downloaded whole.',
  },
  {
    name: 'MicrosoftAppId',
    default: 'unset',
    meaning:
      "Teams: the bot's Microsoft App ID. Unset: /api/messages is open for the Bot Framework Emulator.",
  },
  {
    name: 'MicrosoftAppPassword',
    default: 'unset',
    meaning: "Teams: the app's client secret (required with MicrosoftAppId, except UserAssignedMSI).",
  },
  {
    name: 'MicrosoftAppType',
    default: 'MultiTenant',
    meaning: 'Teams: MultiTenant, SingleTenant or UserAssignedMSI.',
  },
  {
    name: 'MicrosoftAppTenantId',
    default: 'unset',
    meaning: 'Teams: the tenant id (required for SingleTenant and UserAssignedMSI).',
  },
  { name: 'SLACK_BOT_TOKEN', default: 'unset: Slack off', meaning: 'Slack: the bot token (xoxb-…).' },
  {
    name: 'SLACK_SIGNING_SECRET',
    default: 'unset',
    meaning: 'Slack: the signing secret, for the request URL /slack/events (HTTP mode).',
  },
  {
    name: 'SLACK_APP_TOKEN',
    default: 'unset',
    meaning:
      'Slack: an app-level token (xapp-…) for Socket Mode instead of a request URL; wins over SLACK_SIGNING_SECRET.',
  },
  {
    name: 'SLACK_API_URL',
    default: 'https://slack.com/api/',
    meaning: 'Slack: the Web API base URL (tests point it at a fake).',
  },
  { name: 'SLACK_COMMAND', default: '/kb', meaning: 'Slack: the slash command kbbot answers.' },
  {
    name: 'SLACK_ESCALATION_CHANNEL',
    default: 'unset',
    meaning:
      'Slack: the channel id where "Ask the help desk" posts questions for people to answer (kbbot must be a member).',
  },
  {
    name: 'TEAMS_ESCALATION_CHANNEL',
    default: 'unset',
    meaning:
      'Teams: the channel id (19:…@thread.tacv2) where "Ask the help desk" posts questions; kbbot must be installed in its team.',
  },
  {
    name: 'TEAMS_SERVICE_URL',
    default: 'https://smba.trafficmanager.net/teams/',
    meaning:
      'Teams: the Bot Connector URL for posting in TEAMS_ESCALATION_CHANNEL before the team has sent kbbot anything (then the URL it used is kept).',
  },
  {
    name: 'KB_ESCALATION_WEBHOOK_URL',
    default: 'unset',
    meaning:
      'A URL that gets each question handed over to the help desk, and its answer, as signed JSON (see "Help desk webhook").',
  },
  {
    name: 'KB_ESCALATION_WEBHOOK_SECRET',
    default: 'unset',
    meaning:
      'The secret of the webhook signature (HMAC-SHA256 of the body, header X-Kbbot-Signature). Required with KB_ESCALATION_WEBHOOK_URL.',
  },
  {
    name: 'SLACK_PASSIVE_CHANNELS',
    default: 'unset: passive help off',
    meaning:
      'Slack: channel ids (comma-separated) where kbbot answers a pasted error unasked, in its thread, when it is highly confident.',
  },
];

const SECRET = /PASSWORD|SECRET|TOKEN|SALT|DATABASE_URL/i;

export type SettingsResult =
  | { ok: true; settings: Settings }
  | { ok: false; message: string; problems: Array<{ name: string; reason: string }> };

/** Reads and checks every setting; on failure a message naming each bad one (secrets are not echoed). */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): SettingsResult {
  const input: Record<string, unknown> = {};
  for (const key of Object.keys(SettingsSchema.shape)) input[key] = env[key];
  const r = SettingsSchema.safeParse(input);
  if (r.success) return { ok: true, settings: r.data };
  const problems = r.error.issues.map((i) => {
    const name = String(i.path[0] ?? 'settings');
    const raw = env[name];
    const got =
      raw === undefined || raw.trim() === ''
        ? ''
        : SECRET.test(name)
          ? ' (value hidden)'
          : ` (got ${JSON.stringify(raw.length > 80 ? `${raw.slice(0, 80)}…` : raw)})`;
    return { name, reason: `${i.message}${got}` };
  });
  const lines = problems.map((p) => `  ${p.name}: ${p.reason}`);
  return {
    ok: false,
    problems,
    message: `kbbot cannot start: ${problems.length === 1 ? 'a setting is' : `${problems.length} settings are`} not valid (from the environment or .env):\n${lines.join('\n')}\nSee .env.example for every setting and its default.`,
  };
}
