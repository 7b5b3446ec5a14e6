/**
 * Text patterns more than one folder reads with, defined once: the matcher strips them from a
 * paste, the store drops them before comparing or grouping pastes, and masks them before keeping one.
 */

/** A GUID, with or without braces: `{12345678-9abc-def0-1234-56789abcdef0}`. */
export const GUID = /\{?\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b\}?/gi;

/** An e-mail address; it starts only where a run starts, so a long run of letters is not scanned from each one. */
export const EMAIL = /(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
