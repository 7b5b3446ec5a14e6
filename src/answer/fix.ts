/**
 * The fix first: from an article's resolution (or workaround, or status), the part a help-desk
 * engineer acts on — numbered or bulleted steps, the update or hotfix to obtain, the registry
 * key or command to set — so the card can show it before everything else. Pure.
 *
 *   "Cumulative Patch Information / To resolve this problem, obtain the March 2003 … Rollup.
 *    For additional information, click … / 813840 XGEN: …"  →  "To resolve this problem, obtain the March 2003 … Rollup."
 */
import type { ArticleBlock } from './types.js';

/** A sentence that tells the reader to do something (optionally after "To resolve this problem, "). */
const ACTION =
  /^(?:(?:to|in order to) [a-z]+\b[^,.]{0,100}, |(?:first|then|next|finally),? )?(?:please |you (?:can|must|should|need to) |(?:microsoft|we) recommends? that you )?(?:manually |simply )?(?:obtain|diagnose|correct|limit|switch|recompile|quit|exit|log on|log off|cast|read|retype|specify|define|declare|call|include|compile|load|save|select|choose|press|reset|allow|rebuild|recreate|reconfigure|install|install|apply|upgrade|update|download|use|set|change|add|remove|delete|disable|enable|run|restart|reboot|stop|start|configure|create|edit|modify|rename|reinstall|move|type|click|make sure|ensure|increase|decrease|turn (?:on|off)|grant|give|assign|replace|copy|register|unregister|verify|check|uninstall)\b/i;
/** "To resolve this problem, …": in a paragraph the corpus repeats, only such a sentence is taken as the fix. */
const PURPOSE = /^(?:to|in order to) (?:resolve|fix|correct|work around|solve)\b/i;
/** A status sentence naming the release that fixed the problem. */
const CORRECTED_IN = /\b(?:first )?(?:corrected|fixed|resolved) in\b/i;

export function sentences(text: string): string[] {
  // Not after an initial or a common abbreviation ("the latest U.S. Service Pack", "e.g. Exchange").
  return text
    .split(/(?<=[.!?])(?<!\b[A-Z]\.|\b(?:e\.g|i\.e|etc|vs|Inc|Corp|No|Mr|Dr)\.)\s+(?=[A-Z("])/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** "Setting EMMEXCLUDE=C000-C7FF … enables …", "Removing this line may allow …": the doing as the subject. */
const DOING =
  /^(?:setting|placing|removing|updating|adding|changing|installing|upgrading|applying|disabling|enabling|deleting|renaming|increasing|decreasing|running|using|restarting|reinstalling|moving)\b/i;

export function isActionable(sentence: string): boolean {
  const s = sentence.trim();
  return ACTION.test(s) || DOING.test(s);
}

/**
 * The fix among the blocks of the resolution and workaround: the first steps (with the sentence
 * that introduces them), or the first actionable sentences of a paragraph with the preformatted
 * text under them. In boilerplate ("Apply it only to computers that…") only a sentence that says
 * it resolves the problem counts. `status` is the last resort ("first corrected in SP5").
 */
export function pickFix(
  sections: ArticleBlock[][],
  status?: string,
  isBoilerplate: (text: string) => boolean = () => false,
): ArticleBlock[] | undefined {
  for (const blocks of sections) {
    for (const [i, b] of blocks.entries()) {
      if (b.kind === 'steps') {
        const before = blocks[i - 1];
        const intro = before?.kind === 'text' ? sentences(before.text).at(-1) : undefined;
        const lead: ArticleBlock[] =
          intro && (intro.endsWith(':') || isActionable(intro)) ? [{ kind: 'text', text: intro }] : [];
        return [...lead, b];
      }
      if (b.kind !== 'text') continue;
      const all = sentences(b.text);
      const common = isBoilerplate(b.text);
      const first = all.findIndex((x) => isActionable(x) && (!common || PURPOSE.test(x)));
      const next = blocks[i + 1];
      // "…is as follows:" over code or steps: that is the fix too.
      if (
        first < 0 &&
        !common &&
        all.at(-1)?.endsWith(':') &&
        (next?.kind === 'pre' || next?.kind === 'steps')
      )
        return [{ kind: 'text', text: all.at(-1)! }, next];
      if (first < 0) continue;
      const picked = [all[first]];
      if (!common && all[first + 1] && isActionable(all[first + 1])) picked.push(all[first + 1]);
      const out: ArticleBlock[] = [{ kind: 'text', text: picked.join(' ') }];
      if (next && (next.kind === 'pre' || (next.kind === 'steps' && picked.at(-1)!.endsWith(':'))))
        out.push(next);
      return out;
    }
  }
  const corrected = status
    ? sentences(status.replace(/\s*\n\s*/g, ' ')).find((s) => CORRECTED_IN.test(s))
    : undefined;
  return corrected ? [{ kind: 'text', text: corrected }] : undefined;
}
