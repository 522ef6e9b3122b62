/** Runs a live connector until a condition holds on what it delivered, then aborts it. */
import type { LiveConnector, RawRecord } from '../../../src/sources/types.js';

export interface Collected {
  records: RawRecord[];
  /** What `run` settled with. */
  outcome: { ok: true } | { ok: false; error: unknown };
}

/**
 * Collects records until `done(records)` is true (checked after each record and on every `poke`), then
 * aborts and waits for `run` to settle. Fails after `timeoutMs`, a generous guard, never a measurement.
 */
export async function collectUntil(
  connector: LiveConnector,
  done: (records: RawRecord[]) => boolean,
  opts: { cursor?: string; timeoutMs?: number; onRecord?: (r: RawRecord) => Promise<void> | void; poke?: (check: () => void) => void } = {},
): Promise<Collected> {
  const ac = new AbortController();
  const records: RawRecord[] = [];
  const check = (): void => {
    if (done(records)) ac.abort();
  };
  opts.poke?.(check);
  const timer = setTimeout(() => ac.abort(new Error('timeout')), opts.timeoutMs ?? 10_000);
  let outcome: Collected['outcome'];
  try {
    await connector.run({
      signal: ac.signal,
      ...(opts.cursor === undefined ? {} : { cursor: opts.cursor }),
      onRecord: async (r) => {
        records.push(r);
        await opts.onRecord?.(r);
        check();
      },
    });
    outcome = { ok: true };
  } catch (error) {
    outcome = { ok: false, error };
  } finally {
    clearTimeout(timer);
  }
  if (ac.signal.reason instanceof Error && ac.signal.reason.message === 'timeout') {
    throw new Error(`timed out with ${records.length} records: ${records.map((r) => r.position.cursor).join(',')}`);
  }
  return { records, outcome };
}

/** Polls `cond` until it holds; fails after a generous `timeoutMs`. */
export async function waitFor(cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
