/**
 * Background threads yield the CPU to the main thread. On a machine with few cores the match
 * workers and the database thread all want a core during a burst; at the same priority they
 * take turns with the main thread, and acknowledgements Slack allows three seconds for wait
 * behind matching. A lower-priority thread still gets every cycle nobody else wants.
 */
import { readlinkSync } from 'node:fs';
import os from 'node:os';

/** Nice value of kbbot's serving worker threads (0 is normal, 19 the least). */
export const BACKGROUND_NICE = 10;

/**
 * Lowers the priority of the calling thread: on Linux, setpriority on a thread id affects that
 * thread only. Elsewhere, or when the system refuses, nothing changes. True when it is lowered.
 */
export function lowerThisThreadPriority(nice = BACKGROUND_NICE): boolean {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return false;
    if (os.getPriority(tid) < nice) os.setPriority(tid, nice);
    return os.getPriority(tid) >= nice;
  } catch {
    return false;
  }
}
