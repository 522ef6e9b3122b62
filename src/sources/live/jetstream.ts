/**
 * Bluesky Jetstream over WebSocket: `wss://<host>/subscribe?wantedCollections=…&wantedDids=…&cursor=…`.
 * Every message is one JSON event; its `time_us` (unix µs, assigned by the Jetstream instance) is the
 * cursor.
 *
 * Resume: on every (re)connect — including the first one after a restart, when the pipeline passes back
 * the cursor it persisted — we ask for `cursor − rewindUs`. Jetstream's own advice is to rewind a few
 * seconds, because playback from the exact boundary is not guaranteed gapless. The price is that up to
 * `rewindUs` of events arrive twice; that is fine because ingest is idempotent on platform id (a post,
 * relation or account event seen twice is stored once). The cursor we hand out never moves backwards:
 * records replayed from the rewind window carry the highest `time_us` already handed over.
 *
 * Backpressure: messages queue while `onRecord` works; past `highWaterMark` the socket is paused (TCP
 * then pushes back on the server) and resumed when the queue has drained to half. The bound is soft by
 * at most one socket read.
 */
import WebSocket from 'ws';
import type { LiveConnector, RawRecord } from '../types.js';
import type { Backoff, BackoffOptions } from './backoff.js';
import { ConsumerError, LiveConnectorError, fatalHttpError, reconnectLoop, type LiveEvent } from './common.js';
import { topLevelScalar } from './json-scan.js';

export interface JetstreamOptions {
  /** The subscribe endpoint, e.g. `wss://jetstream2.us-east.bsky.network/subscribe`. */
  url: string;
  /** Collection NSIDs or prefixes (`app.bsky.graph.*`); empty = all. Account and identity events always come. */
  wantedCollections?: string[];
  /** Repo DIDs; empty = all. */
  wantedDids?: string[];
  /** Where to start (unix µs), used when `run` gets no cursor. Absent = live tail. */
  cursor?: string;
  /** Ask the server to drop messages larger than this; the client also refuses bigger frames. */
  maxMessageBytes?: number;
  /** How far to rewind the cursor on (re)connect, µs. Default 5 s. */
  rewindUs?: number;
  backoff?: BackoffOptions;
  /** Queued messages before the socket is paused. Default 1000. */
  highWaterMark?: number;
  /** Client ping period (ms); a connection that answered nothing for a whole period is dropped. 0 = off. Default 30 s. */
  pingIntervalMs?: number;
  /** WebSocket handshake timeout (ms). Default 30 s. */
  connectTimeoutMs?: number;
  /** `position.source` of the records. Default `jetstream:<host>`. */
  source?: string;
  onEvent?: (event: LiveEvent) => void;
}

export const DEFAULT_REWIND_US = 5_000_000;
/** Past this URL length the filters go in an `options_update` message instead (Jetstream's `requireHello`). */
const MAX_URL_LENGTH = 8_000;

export function createJetstreamConnector(options: JetstreamOptions): LiveConnector {
  const url = new URL(options.url);
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new LiveConnectorError(`Jetstream URL must be ws:// or wss://, got ${options.url}`, 'config');
  }
  return {
    format: 'jetstream',
    run: ({ signal, cursor, onRecord }) => runJetstream(options, signal, cursor ?? options.cursor, onRecord),
  };
}

/** The subscribe URL for a connection starting at `cursor` (µs), plus the hello message if the filters are too long for a URL. */
export function subscribeRequest(options: JetstreamOptions, cursor: number | undefined): { url: string; hello?: string } {
  const base = new URL(options.url);
  if (base.pathname === '/') base.pathname = '/subscribe'; // a bare host means its subscribe endpoint
  base.searchParams.set('compress', 'false');
  if (cursor !== undefined) base.searchParams.set('cursor', String(cursor));
  const filtered = new URL(base);
  for (const c of options.wantedCollections ?? []) filtered.searchParams.append('wantedCollections', c);
  for (const d of options.wantedDids ?? []) filtered.searchParams.append('wantedDids', d);
  if (options.maxMessageBytes) filtered.searchParams.set('maxMessageSizeBytes', String(options.maxMessageBytes));
  if (filtered.href.length <= MAX_URL_LENGTH) return { url: filtered.href };
  base.searchParams.set('requireHello', 'true');
  const payload = {
    wantedCollections: options.wantedCollections ?? [],
    wantedDids: options.wantedDids ?? [],
    maxMessageSizeBytes: options.maxMessageBytes ?? 0,
  };
  return { url: base.href, hello: JSON.stringify({ type: 'options_update', payload }) };
}

/** The `time_us` of one Jetstream message, or undefined if it has none usable. */
export function jetstreamCursor(text: string): number | undefined {
  return parseCursor(topLevelScalar(text, 'time_us'));
}

function parseCursor(s: string | undefined): number | undefined {
  if (s === undefined || !/^\d{1,16}$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

async function runJetstream(
  options: JetstreamOptions,
  signal: AbortSignal,
  startCursor: string | undefined,
  onRecord: (record: RawRecord) => Promise<void> | void,
): Promise<void> {
  startCursor ||= undefined;
  let last = parseCursor(startCursor);
  if (startCursor !== undefined && last === undefined) {
    throw new LiveConnectorError(`Jetstream cursor must be unix microseconds, got ${JSON.stringify(startCursor)}`, 'config');
  }
  const source = options.source ?? `jetstream:${new URL(options.url).host}`;
  const rewind = options.rewindUs ?? DEFAULT_REWIND_US;

  const deliver = (text: string): Promise<void> | void => {
    const t = jetstreamCursor(text);
    if (t !== undefined && (last === undefined || t > last)) last = t;
    return onRecord({ text, position: last === undefined ? { source } : { source, cursor: String(last) } });
  };

  await reconnectLoop(signal, options.backoff, options.onEvent, (backoff) => {
    const request = subscribeRequest(options, last === undefined ? undefined : Math.max(0, last - rewind));
    return session(request, options, signal, backoff, deliver);
  });
}

/** One WebSocket connection: resolves with why it ended; rejects on fatal errors. */
function session(
  request: { url: string; hello?: string },
  options: JetstreamOptions,
  signal: AbortSignal,
  backoff: Backoff,
  deliver: (text: string) => Promise<void> | void,
): Promise<string> {
  const highWater = Math.max(1, options.highWaterMark ?? 1000);
  const pingMs = options.pingIntervalMs ?? 30_000;
  options.onEvent?.({ type: 'connecting', url: request.url });
  const ws = new WebSocket(request.url, {
    handshakeTimeout: options.connectTimeoutMs ?? 30_000,
    // Leave room over the server-side cap for framing; 0 in ws means no limit, so pick a sane default.
    maxPayload: options.maxMessageBytes ? options.maxMessageBytes + 1024 : 64 * 1024 * 1024,
  });

  const queue: string[] = [];
  let ended: string | undefined;
  let fatal: LiveConnectorError | undefined;
  let wake: (() => void) | undefined;
  let paused = false;
  let alive = true;
  let lastError = '';
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));

  ws.on('unexpected-response', (_req, res) => {
    fatal = fatalHttpError(res.statusCode ?? 0, request.url);
    lastError = `HTTP ${res.statusCode}`;
    res.resume();
    ws.terminate();
  });
  ws.on('open', () => {
    backoff.connected();
    options.onEvent?.({ type: 'connected', url: request.url });
    if (request.hello) ws.send(request.hello);
  });
  ws.on('message', (data: WebSocket.RawData) => {
    alive = true;
    queue.push(rawToText(data));
    if (queue.length >= highWater && !paused) {
      paused = true;
      ws.pause();
    }
    notify();
  });
  ws.on('pong', () => (alive = true));
  ws.on('error', (err) => (lastError = err.message));
  ws.on('close', (code, reason) => {
    ended = lastError || `closed ${code}${reason.length ? ` ${reason.toString()}` : ''}`;
    notify();
  });
  const ping =
    pingMs > 0
      ? setInterval(() => {
          if (ws.readyState !== WebSocket.OPEN || paused) return; // a paused socket cannot read pongs
          if (!alive) {
            lastError = 'no answer to ping';
            ws.terminate();
            return;
          }
          alive = false;
          ws.ping();
        }, pingMs)
      : undefined;
  const onAbort = (): void => {
    if (paused) ws.resume(); // the closing handshake needs to read the server's close frame
    ws.close(1000);
    notify();
  };
  signal.addEventListener('abort', onAbort, { once: true });

  const pump = async (): Promise<string> => {
    for (;;) {
      if (signal.aborted) return 'aborted';
      const text = queue.shift();
      if (text !== undefined) {
        if (paused && queue.length <= highWater >> 1) {
          paused = false;
          ws.resume();
        }
        try {
          await deliver(text);
        } catch (err) {
          throw new ConsumerError(err);
        }
        continue;
      }
      // Drained: what arrived before a drop has been delivered; now report the drop.
      if (ended !== undefined) {
        if (fatal) throw fatal;
        return ended;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };

  return pump().finally(async () => {
    signal.removeEventListener('abort', onAbort);
    clearInterval(ping);
    if (ws.readyState === WebSocket.OPEN) ws.close(1000);
    else if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
    // A clean close waits for the server's answer, but never for long.
    const timer = setTimeout(() => ws.terminate(), 1000);
    await closed;
    clearTimeout(timer);
  });
}

function rawToText(data: WebSocket.RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
