/** Pastes the seed content cannot answer, for the help-desk loop tests. */

/** No article of the seed content fixes this: kbbot is not confident. */
export const UNANSWERABLE =
  'Backup job NightlyFS failed: VSS writer SqlServerWriter timed out, error 0x800423f4 at 02:14:07';
/** The same error seen at another moment (other noise). */
export const SAME_ERROR_LATER =
  'Backup job NightlyFS failed: VSS writer SqlServerWriter timed out, error 0x800423f4 at 23:59:01';
/** The same error in other words. */
export const PARAPHRASE = 'nightly backup failed because vss writer SqlServerWriter timed out 0x800423f4';
/** Nothing like it. */
export const UNRELATED = 'Printer queue on PRN07 stuck, jobs never leave the spooler';
