/**
 * Every setting kbbot reads, as one zod schema: validated at start, with a message naming each
 * bad setting. Values come from the environment, which `.env` fills (dotenv) without overriding
 * what is already set. An empty value counts as unset. Each setting is declared with what it does
 * and its default; `npm run docs:settings` writes the README's table and the comments of
 * `.env.example` from them (a test fails when they differ).
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { defaultCacheDir, defaultContentDir } from './paths.js';

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

/** What the README's table and `.env.example` say about a setting (`npm run docs:settings` writes them). */
export interface SettingDoc {
  description: string;
  /** The default as shown, where the schema's own would not say it: computed at start, or unset and what that means. */
  shownDefault?: string;
}

/** Each setting's SettingDoc, kept beside its check. */
export const SETTING_DOCS = z.registry<SettingDoc>();

/** A setting: what it does (the README and `.env.example` say this), its check and default. */
function setting<T extends z.ZodType>(description: string, check: T, shownDefault?: string): T {
  SETTING_DOCS.add(
    check as z.ZodType,
    shownDefault === undefined ? { description } : { description, shownDefault },
  );
  return check;
}

export const SettingsSchema = z
  .object({
    PORT: setting(
      'HTTP port of the one server (playground, API, /api/messages, Slack, /healthz). 0 picks a free port.',
      int(0, 65535, 3978, 'a port number from 0 to 65535'),
    ),
    HOST: setting(
      'Address to listen on; 127.0.0.1 keeps kbbot to this machine.',
      z.preprocess(blankToUndefined, z.string().default('0.0.0.0')),
    ),
    LOG_LEVEL: setting(
      `Log level of the JSON logs on stdout: ${LOG_LEVELS.join(', ')}.`,
      z.preprocess(
        blankToUndefined,
        z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
      ),
    ),
    KB_CONTENT_DIR: setting(
      'Folder of articles (web KB text, archive TXT, Markdown runbooks), any depth. Watched: edits reload without a restart.',
      z
        .preprocess(
          blankToUndefined,
          z.string().default(() => defaultContentDir({})),
        )
        .transform((p) => path.resolve(p))
        .refine(isFolder, { error: (i) => `${String(i.input)} is not a folder kbbot can read` }),
      'content/',
    ),
    KB_CACHE_DIR: setting(
      'Where index snapshots of large corpora are kept, so a restart takes seconds.',
      z
        .preprocess(
          blankToUndefined,
          z.string().default(() => defaultCacheDir({})),
        )
        .transform((p) => path.resolve(p)),
      '.cache/',
    ),
    KB_WATCH: setting(
      'Reload the content when a file under KB_CONTENT_DIR is added, changed or removed.',
      bool(true),
    ),
    KB_MATCH_WORKERS: setting(
      'Matching threads. Each holds the index (about 300 MB for the full archive).',
      optionalInt(1, 64),
      'one per core (max 8)',
    ),
    DATABASE_URL: setting(
      'postgres://… to keep queries and feedback in PostgreSQL (several kbbot instances may share it).',
      optionalString((s) =>
        s.regex(/^postgres(ql)?:\/\/\S+$/, { error: 'must be a postgres:// or postgresql:// URL' }),
      ),
      'unset: embedded PGlite',
    ),
    KB_DATA_DIR: setting(
      'Folder of the embedded database when DATABASE_URL is unset; memory:// keeps nothing.',
      z.preprocess(blankToUndefined, z.string().default('.data/pglite')),
    ),
    KB_RETENTION_DAYS: setting(
      'Queries and feedback older than this are deleted; 0 keeps them.',
      int(0, 36500, 90, 'a whole number of days (0 keeps everything)'),
    ),
    KB_USER_SALT: setting(
      'Secret mixed into the hash of user ids (at least 16 characters). Required with DATABASE_URL.',
      optionalString((s) =>
        s.min(16, { error: 'must be at least 16 characters (for example `openssl rand -hex 32`)' }),
      ),
      'made once, kept beside KB_DATA_DIR',
    ),
    KB_KEEP_ONLY_IDENTIFIERS: setting(
      'Keep only the identifiers of a paste (codes, event ids, file names), not its prose.',
      bool(false),
    ),
    KB_STORE_QUEUE_LIMIT: setting(
      'Writes held in memory while the database is away; past it the oldest are dropped (and counted in the log).',
      int(1, 10_000_000, 10_000),
    ),
    KB_CLAIM_TIMEOUT_MS: setting(
      'Longest the claim of a platform event (retries answered once) waits for the database before answering anyway.',
      int(0, 60_000, 1500, 'a whole number of milliseconds'),
    ),
    KB_OCR_JOBS: setting(
      'Screenshots read at once (Tesseract threads, about 40 MB each); more wait in a short queue. 0 turns reading images off.',
      int(0, 16, 1),
    ),
    KB_OCR_MAX_MB: setting(
      'Largest image read, in megabytes; larger ones are answered "too large" without being downloaded whole.',
      int(1, 100, 10, 'a whole number of megabytes'),
    ),
    KB_API_TOKEN: setting(
      'Token other addresses need for the playground and /api/* (Authorization: Bearer …, or open /?token=… once); unset, only this machine may use them.',
      optionalString((s) =>
        s.min(16, { error: 'must be at least 16 characters (for example `openssl rand -hex 32`)' }),
      ),
      'unset: this machine only',
    ),
    MicrosoftAppId: setting(
      "Teams: the bot's Microsoft App ID. Unset: /api/messages is open for the Bot Framework Emulator.",
      optionalString((s) =>
        s.regex(/^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i, {
          error: 'must be a GUID (the Microsoft App ID of the Azure Bot)',
        }),
      ),
    ),
    MicrosoftAppPassword: setting(
      "Teams: the app's client secret (required with MicrosoftAppId, except UserAssignedMSI).",
      optionalString(),
    ),
    MicrosoftAppType: setting(
      'Teams: MultiTenant, SingleTenant or UserAssignedMSI.',
      z.preprocess(
        blankToUndefined,
        z
          .enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'], {
            error: 'must be MultiTenant, SingleTenant or UserAssignedMSI',
          })
          .optional(),
      ),
      'MultiTenant',
    ),
    MicrosoftAppTenantId: setting(
      'Teams: the tenant id (required for SingleTenant and UserAssignedMSI).',
      optionalString(),
    ),
    SLACK_BOT_TOKEN: setting(
      'Slack: the bot token (xoxb-…).',
      optionalString((s) => s.startsWith('xoxb-', { error: 'must be a bot token (starts with xoxb-)' })),
      'unset: Slack off',
    ),
    SLACK_SIGNING_SECRET: setting(
      'Slack: the signing secret, for the request URL /slack/events (HTTP mode).',
      optionalString(),
    ),
    SLACK_APP_TOKEN: setting(
      'Slack: an app-level token (xapp-…) for Socket Mode instead of a request URL; wins over SLACK_SIGNING_SECRET.',
      optionalString((s) =>
        s.startsWith('xapp-', { error: 'must be an app-level token (starts with xapp-)' }),
      ),
    ),
    SLACK_API_URL: setting(
      'Slack: the Web API base URL (tests point it at a fake).',
      optionalString((s) => s.regex(/^https?:\/\/\S+$/, { error: 'must be an http(s) URL' })),
      'https://slack.com/api/',
    ),
    SLACK_COMMAND: setting(
      'Slack: the slash command kbbot answers.',
      z.preprocess(
        blankToUndefined,
        z
          .string()
          .regex(/^\/[a-z0-9_-]{1,31}$/, { error: 'must be a slash command such as /kb' })
          .default('/kb'),
      ),
    ),
    SLACK_PASSIVE_CHANNELS: setting(
      'Slack: channel ids (comma-separated) where kbbot answers a pasted error unasked, in its thread, when it is highly confident.',
      z
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
      'unset: passive help off',
    ),
    SLACK_ESCALATION_CHANNEL: setting(
      'Slack: the channel id where "Ask the help desk" posts questions for people to answer (kbbot must be a member).',
      optionalString((s) =>
        s.regex(/^[CG][A-Z0-9]{2,}$/, { error: 'must be a Slack channel id (C0123ABCD)' }),
      ),
    ),
    TEAMS_ESCALATION_CHANNEL: setting(
      'Teams: the channel id (19:…@thread.tacv2) where "Ask the help desk" posts questions; kbbot must be installed in its team.',
      optionalString((s) => s.regex(/^19:\S+$/, { error: 'must be a Teams channel id (19:…@thread.tacv2)' })),
    ),
    TEAMS_SERVICE_URL: setting(
      'Teams: the Bot Connector URL for posting in TEAMS_ESCALATION_CHANNEL before the team has sent kbbot anything (then the URL it used is kept).',
      optionalString((s) => s.regex(/^https?:\/\/\S+$/, { error: 'must be an http(s) URL' })),
      'https://smba.trafficmanager.net/teams/',
    ),
    KB_ESCALATION_WEBHOOK_URL: setting(
      'A URL that gets each question handed over to the help desk, and its answer, as signed JSON (see "Help desk webhook").',
      optionalString((s) => s.regex(/^https?:\/\/\S+$/, { error: 'must be an http(s) URL' })),
    ),
    KB_ESCALATION_WEBHOOK_SECRET: setting(
      'The secret of the webhook signature (HMAC-SHA256 of the body, header X-Kbbot-Signature). Required with KB_ESCALATION_WEBHOOK_URL.',
      optionalString((s) =>
        s.min(16, { error: 'must be at least 16 characters (for example `openssl rand -hex 32`)' }),
      ),
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
