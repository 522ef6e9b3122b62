/** What the live connectors share: observability events, typed errors, and the reconnect loop. */
import { Backoff, sleep, type BackoffOptions } from './backoff.js';

/** Things a connector reports while it runs (for logs and the UI); purely informative. */
export type LiveEvent =
  | { type: 'connecting'; url: string }
  | { type: 'connected'; url: string }
  | { type: 'disconnected'; reason: string }
  | { type: 'retrying'; delayMs: number; attempt: number }
  /** Mastodon: records fetched over REST to cover the time the stream was down. */
  | { type: 'gapFilled'; records: number; pages: number }
  /** Mastodon: some of the time the stream was down could not be covered. */
  | { type: 'gap'; since: string; reason: string };

export type LiveErrorCode = 'unauthorized' | 'forbidden' | 'bad_request' | 'not_found' | 'http_error' | 'config';

/**
 * A failure that retrying cannot fix (a rejected token, a wrong URL, a bad filter). The connector stops
 * and `run` rejects with it, instead of hammering the server in a retry loop.
 */
export class LiveConnectorError extends Error {
  constructor(
    message: string,
    readonly code: LiveErrorCode,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'LiveConnectorError';
  }
}

/**
 * Whether an HTTP status at connect time is permanent. 408 and 429 (and 5xx) are the server asking us
 * to come back later; other 4xx mean our request is wrong and will stay wrong.
 */
export function fatalHttpError(status: number, url: string, detail = ''): LiveConnectorError | undefined {
  if (status < 400 || status >= 500 || status === 408 || status === 429) return undefined;
  const code: LiveErrorCode =
    status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : status === 404 ? 'not_found' : status === 400 ? 'bad_request' : 'http_error';
  const hint =
    status === 401 ? ' (missing or rejected access token)' : status === 403 ? ' (token lacks the needed scope)' : '';
  return new LiveConnectorError(`${url} answered HTTP ${status}${hint}${detail ? `: ${detail.slice(0, 300)}` : ''}`, code, status);
}

/**
 * Runs `connectOnce` until `signal` aborts: after each connection ends (cleanly or not) it waits a
 * backoff delay and connects again. `connectOnce` calls `backoff.connected()` once its connection is up,
 * so a long healthy session resets the delay. A `LiveConnectorError`, or any error from the consumer's
 * `onRecord`, ends the loop and rejects; an abort resolves.
 */
export async function reconnectLoop(
  signal: AbortSignal,
  backoffOptions: BackoffOptions | undefined,
  onEvent: ((e: LiveEvent) => void) | undefined,
  connectOnce: (backoff: Backoff) => Promise<string>,
): Promise<void> {
  const backoff = new Backoff(backoffOptions);
  while (!signal.aborted) {
    let reason: string;
    try {
      reason = await connectOnce(backoff);
    } catch (err) {
      if (err instanceof LiveConnectorError || err instanceof ConsumerError) throw unwrap(err);
      if (signal.aborted) break;
      reason = err instanceof Error ? err.message : String(err);
    }
    if (signal.aborted) break;
    onEvent?.({ type: 'disconnected', reason });
    const delayMs = backoff.failed();
    onEvent?.({ type: 'retrying', delayMs, attempt: backoff.attempts });
    await sleep(delayMs, signal);
  }
}

/** Wraps an error thrown by `onRecord`, so the loop rethrows it instead of treating it as a network blip. */
export class ConsumerError extends Error {
  constructor(readonly inner: unknown) {
    super('onRecord failed');
  }
}

function unwrap(err: LiveConnectorError | ConsumerError): unknown {
  return err instanceof ConsumerError ? err.inner : err;
}

/** An AbortController that also aborts when `parent` does; `dispose` detaches it. */
export function childController(parent: AbortSignal): { controller: AbortController; dispose: () => void } {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(parent.reason);
  if (parent.aborted) controller.abort(parent.reason);
  else parent.addEventListener('abort', onAbort, { once: true });
  return { controller, dispose: () => parent.removeEventListener('abort', onAbort) };
}
