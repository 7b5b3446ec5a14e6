/**
 * Screenshots sent to kbbot in Teams: an image attached or pasted inline (an `image/*` attachment
 * whose contentUrl the Bot Connector serves, with the bot's token), a picture file sent in
 * personal chat (`file.download.info`, a pre-authenticated downloadUrl, no token), or an inline
 * `<img>` of the message's HTML that points at the Bot Connector. The token goes only to the
 * Bot Connector: the activity's serviceUrl or Microsoft's attachment hosts.
 */
import type { Activity, Attachment, TurnContext } from 'botbuilder';
import type { Turn } from '../conversation/types.js';
import { downloadImage, type ImageFailure } from '../ocr/index.js';

export interface TeamsImage {
  url: string;
  name?: string;
  /** The Bot Connector wants the bot's token for it. */
  withToken: boolean;
}

/** Authorization headers for the Bot Connector (none with the Emulator, which runs without an app id). */
export type ConnectorAuth = (context: TurnContext) => Promise<Record<string, string>>;

const PICTURE = /\.(png|jpe?g|gif|webp|bmp|tiff?)$/i;
const CONNECTOR_HOSTS = /(^|\.)(trafficmanager\.net|botframework\.com|asm\.skype\.com)$/i;

/** The first image a message carries, or undefined. */
export function imageOf(activity: Partial<Activity>): TeamsImage | undefined {
  const atts: Attachment[] = activity.attachments ?? [];
  const token = (url: string) => connectorUrl(url, activity.serviceUrl);
  const fetchable = (url: string) => url.startsWith('data:image/') || token(url) || publicHttps(url);
  for (const a of atts) {
    if (a.contentType?.startsWith('image/') && a.contentUrl && fetchable(a.contentUrl))
      return { url: a.contentUrl, name: a.name, withToken: token(a.contentUrl) };
    const download = a.content as { downloadUrl?: string; fileType?: string } | undefined;
    if (
      a.contentType === 'application/vnd.microsoft.teams.file.download.info' &&
      download?.downloadUrl &&
      publicHttps(download.downloadUrl) &&
      PICTURE.test(`.${download.fileType ?? ''}`)
    ) {
      return { url: download.downloadUrl, name: a.name, withToken: false };
    }
  }
  for (const a of atts) {
    if (a.contentType !== 'text/html' || typeof a.content !== 'string') continue;
    const src = /<img\b[^>]*\bsrc="([^"]+)"/i.exec(a.content)?.[1]?.replace(/&amp;/g, '&');
    if (src && token(src)) return { url: src, withToken: true };
  }
  return undefined;
}

function connectorUrl(url: string, serviceUrl: string | undefined): boolean {
  try {
    const u = new URL(url);
    if (serviceUrl && u.origin === new URL(serviceUrl).origin) return true;
    return u.protocol === 'https:' && CONNECTOR_HOSTS.test(u.hostname);
  } catch {
    return false;
  }
}

/**
 * An https URL on a public host name: an attachment URL comes from the message, so kbbot must not
 * be made to fetch this machine, its network or a cloud metadata address on someone's behalf.
 * (A public name that resolves to a private address is not caught here; redirects are not followed.)
 */
function publicHttps(url: string): boolean {
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:') return false;
    const host = u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (host === 'localhost' || /\.(localhost|local|internal|lan|home|corp)$/.test(host)) return false;
    if (/^[\d.]+$/.test(host) || host.includes(':')) return false; // IP literals: a public service has a name
    return host.includes('.');
  } catch {
    return false;
  }
}

/** The bot's token from the adapter's connector client (its app credentials); none without an app id. */
export const connectorAuth: ConnectorAuth = async (context): Promise<Record<string, string>> => {
  const client = context.turnState.get(context.adapter.ConnectorClientKey) as
    | { credentials?: { appId?: string; getToken?: () => Promise<string> } }
    | undefined;
  const creds = client?.credentials;
  if (!creds?.appId || !creds.getToken) return {};
  return { Authorization: `Bearer ${await creds.getToken()}` };
};

/** The Turn with the image's bytes, or why it cannot be had. */
export async function withTeamsImage(
  context: TurnContext,
  turn: Turn,
  image: TeamsImage,
  auth: ConnectorAuth,
): Promise<Turn | ImageFailure> {
  if (image.url.startsWith('data:image/')) {
    const bytes = Buffer.from(image.url.slice(image.url.indexOf(',') + 1), 'base64');
    return { ...turn, image: { bytes, name: image.name } };
  }
  const headers = image.withToken ? await auth(context).catch(() => ({})) : {};
  const got = await downloadImage(image.url, { headers, followRedirects: false });
  return got.ok ? { ...turn, image: { bytes: got.bytes, name: image.name } } : got;
}
