/**
 * Screenshots shared in Slack: the first image of a message's files, downloaded from its
 * url_private with the bot token (scope files:read), becomes the Turn's image. The token is sent
 * only to Slack's file host (or the host of SLACK_API_URL, where a test's fake Slack lives).
 */
import type { App } from '@slack/bolt';
import type { Turn } from '../conversation/types.js';
import { downloadImage, DOWNLOAD_FAILED, type ImageFailure } from '../ocr/index.js';
import { messageTurn } from './turns.js';
import type { SlackSettings } from './types.js';

/** What kbbot reads of a file in a Slack event (files.info gives the same fields). */
export interface SlackFile {
  id?: string;
  name?: string;
  mimetype?: string;
  filetype?: string;
  url_private?: string;
  url_private_download?: string;
  /** "check_file_info": the event carries only the id; files.info has the rest. */
  file_access?: string;
}

const IMAGE_TYPES = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp', 'tiff', 'heic']);

/** The first image among a message's files. */
export function firstImage(files: readonly SlackFile[] | undefined): SlackFile | undefined {
  return files?.find(
    (f) =>
      f.mimetype?.startsWith('image/') ||
      IMAGE_TYPES.has((f.filetype ?? '').toLowerCase()) ||
      f.file_access === 'check_file_info',
  );
}

/** true when the bot token may be sent to this URL: Slack's file host over https, or SLACK_API_URL's host. */
function mayCarryToken(url: string, settings: SlackSettings): boolean {
  try {
    const u = new URL(url);
    if (u.protocol === 'https:' && u.host === 'files.slack.com') return true;
    return settings.apiUrl !== undefined && u.origin === new URL(settings.apiUrl).origin;
  } catch {
    return false;
  }
}

/**
 * A message as a Turn, with its screenshot when it has one, or the reply to give when the image
 * cannot be had. A message with only an image is not "help" (emptyIsHelp applies to text alone).
 */
export async function slackTurn(
  msg: {
    text?: string;
    user?: string;
    channel?: string;
    channel_type?: string;
    thread_ts?: string;
    files?: SlackFile[];
  },
  opts: { emptyIsHelp?: boolean },
  client: App['client'],
  settings: SlackSettings,
): Promise<Turn | { kind: 'text'; text: string }> {
  const image = firstImage(msg.files);
  const turn = messageTurn(msg, { emptyIsHelp: opts.emptyIsHelp && !image });
  if (!image) return turn;
  const got = await withSlackImage(turn, image, client, settings);
  return 'ok' in got ? { kind: 'text', text: got.message } : got;
}

/** The Turn with the image's bytes, or the answer to give when it cannot be had. */
export async function withSlackImage(
  turn: Turn,
  file: SlackFile,
  client: App['client'],
  settings: SlackSettings,
): Promise<Turn | ImageFailure> {
  let f = file;
  if (!f.url_private && f.id) {
    const info = await client.files.info({ file: f.id }).catch(() => undefined);
    f = (info?.file as SlackFile | undefined) ?? f;
  }
  if (f.mimetype && !f.mimetype.startsWith('image/'))
    return {
      ok: false,
      problem: 'not-image',
      message: 'That file is not an image. Paste a screenshot of the error, or its text.',
    };
  const url = f.url_private_download ?? f.url_private;
  if (!url || !mayCarryToken(url, settings))
    return { ok: false, problem: 'failed', message: DOWNLOAD_FAILED };
  const got = await downloadImage(url, { headers: { Authorization: `Bearer ${settings.botToken}` } });
  if (!got.ok) return got;
  return { ...turn, image: { bytes: got.bytes, name: f.name } };
}
