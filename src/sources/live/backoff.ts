/**
 * Reconnect policy shared by the live connectors: capped exponential backoff with jitter, reset after a
 * connection has stayed healthy for a while. Pure state plus an injectable clock and random source, so
 * tests can drive it without waiting.
 */

export interface BackoffOptions {
  /** Delay before the first retry (ms). */
  initialMs?: number;
  /** Upper bound for any delay (ms), jitter included. */
  maxMs?: number;
  /** Growth per failed attempt. */
  factor?: number;
  /**
   * Fraction of the delay that is randomised, 0–1. With 0.5 a nominal 8 s delay becomes 4–8 s, so many
   * clients dropped by the same server outage do not all reconnect in the same instant.
   */
  jitter?: number;
  /** A connection that stayed up this long (ms) counts as healthy: the next failure starts over. */
  healthyAfterMs?: number;
  /** Clock (ms). */
  now?: () => number;
  /** Random source in [0, 1). */
  random?: () => number;
}

export const DEFAULT_BACKOFF: Required<Omit<BackoffOptions, 'now' | 'random'>> = {
  initialMs: 500,
  maxMs: 60_000,
  factor: 2,
  jitter: 0.5,
  healthyAfterMs: 30_000,
};

export class Backoff {
  private readonly opts: Required<BackoffOptions>;
  private failures = 0;
  private connectedAt: number | undefined;

  constructor(options: BackoffOptions = {}) {
    this.opts = { ...DEFAULT_BACKOFF, now: Date.now, random: Math.random, ...stripUndefined(options) };
    if (!(this.opts.jitter >= 0 && this.opts.jitter <= 1)) throw new RangeError('backoff jitter must be in [0, 1]');
    if (!(this.opts.initialMs >= 0 && this.opts.maxMs >= 0 && this.opts.factor >= 1)) {
      throw new RangeError('backoff needs initialMs >= 0, maxMs >= 0 and factor >= 1');
    }
  }

  /** Consecutive failures since the last healthy connection. */
  get attempts(): number {
    return this.failures;
  }

  /** A connection was established. */
  connected(): void {
    this.connectedAt = this.opts.now();
  }

  /**
   * The connection ended (or never came up). Returns how long to wait before the next attempt. A
   * connection that had lived `healthyAfterMs` resets the count first, so one blip after hours of
   * streaming waits `initialMs`, not the cap.
   */
  failed(): number {
    if (this.connectedAt !== undefined && this.opts.now() - this.connectedAt >= this.opts.healthyAfterMs) {
      this.failures = 0;
    }
    this.connectedAt = undefined;
    const { initialMs, maxMs, factor, jitter, random } = this.opts;
    // Cap the exponent too: factor ** 1000 is Infinity, and Infinity * 0 would be NaN.
    const nominal = Math.min(maxMs, initialMs * factor ** Math.min(this.failures, 64));
    this.failures++;
    return Math.round(nominal * (1 - jitter + jitter * random()));
  }

  reset(): void {
    this.failures = 0;
    this.connectedAt = undefined;
  }
}

/** Waits `ms`, or less if `signal` aborts. Resolves `true` if the full time passed. Never rejects. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
