import type { Identifiers } from '../corpus/types.js';

/** The index keys of a set of identifiers; articles and pastes produce the same keys for the same thing. */
export function identifierKeys(ids: Identifiers): string[] {
  const keys = new Set<string>();
  for (const e of ids.events) {
    keys.add(`e:${e.id}`);
    if (e.source) keys.add(`es:${e.id}:${e.source}`);
  }
  for (const c of ids.codes) keys.add(`c:${c}`);
  for (const f of ids.files) keys.add(`f:${f}`);
  for (const fn of ids.functions) keys.add(`fn:${fn}`);
  return [...keys];
}
