/**
 * Mastodon streaming over Server-Sent Events: `GET /api/v1/streaming/<stream>` with a bearer token.
 * Each event becomes one record in the line format the Mastodon decoder reads for streaming captures,
 * `{"event":"update","payload":"<the data, as a JSON string>","instance":"<host>"}`, so a live run and a
 * replayed capture go through the same decoder.
 *
 * Cursor: the highest status id seen on `update` events (Mastodon ids sort by time). Other events
 * (`delete`, `status.update`, notifications…) carry the cursor unchanged.
 *
 * Resume: a Mastodon stream cannot resume — whatever was posted while we were away is not replayed. So
 * when we (re)connect with a cursor we fill the gap from the REST timeline that matches the stream
 * (`/api/v1/timelines/public`, `/tag/:tag`, `/home`, `/list/:id`) with `min_id=<cursor>` — the page just
 * after the cursor, unlike `since_id`, which would return the newest page and skip the middle of a long
 * gap — and page forward up to `gapFillMaxPages`. The stream is opened *before* the gap is filled and
 * read after, so nothing posted during the fill is lost; overlaps arrive twice, which idempotent ingest
 * absorbs. Deletes and edits that happened during the gap cannot be recovered this way (a `gap` event
 * says when the page limit was hit).
 */
import { request, type Dispatcher } from 'undici';
import type { LiveConnector, RawRecord } from '../types.js';
import type { Backoff, BackoffOptions } from './backoff.js';
import { ConsumerError, LiveConnectorError, childController, fatalHttpError, reconnectLoop, type LiveEvent } from './common.js';
import { topLevelScalar } from './json-scan.js';
import { SseParser } from './sse.js';

export const MASTODON_STREAMS = ['public', 'public:local', 'public:remote', 'hashtag', 'hashtag:local', 'user', 'list'] as const;
export type MastodonStream = (typeof MASTODON_STREAMS)[number];

export interface MastodonOptions {
  /** The instance, e.g. `https://example.social`. */
  baseUrl: string;
  /** If the instance streams from another host (its `configuration.urls.streaming`). */
  streamingUrl?: string;
  /** Default `public`. */
  stream?: MastodonStream;
  /** For `hashtag` streams, without `#`. */
  tag?: string;
  /** For `list` streams. */
  list?: string;
  /** Sent as `Authorization: Bearer …`. Many instances require one even for public streams. */
  accessToken?: string;
  /** Status id to resume after, used when `run` gets no cursor. */
  cursor?: string;
  /** Fill the gap from REST on reconnect. Default true. */
  gapFill?: boolean;
  /** Pages of 40 statuses to fetch per gap at most. Default 10. */
  gapFillMaxPages?: number;
  /** No byte (Mastodon sends a heartbeat every ~15 s) for this long = a dead connection. Default 90 s. */
  idleTimeoutMs?: number;
  /** Time to get response headers (ms). Default 30 s. */
  connectTimeoutMs?: number;
  /** Largest event accepted (characters). Default 16 Mi. */
  maxEventChars?: number;
  backoff?: BackoffOptions;
  /** `position.source` of the records. Default `mastodon:<host>/<stream>`. */
  source?: string;
  onEvent?: (event: LiveEvent) => void;
  /** undici dispatcher (proxy, custom TLS). */
  dispatcher?: Dispatcher;
}

const PAGE = 40;

export function createMastodonConnector(options: MastodonOptions): LiveConnector {
  const stream = options.stream ?? 'public';
  if (!MASTODON_STREAMS.includes(stream)) throw new LiveConnectorError(`unknown Mastodon stream ${stream}`, 'config');
  if (stream.startsWith('hashtag') && !options.tag) throw new LiveConnectorError('a hashtag stream needs a tag', 'config');
  if (stream === 'list' && !options.list) throw new LiveConnectorError('a list stream needs a list id', 'config');
  const base = new URL(options.baseUrl);
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    throw new LiveConnectorError(`Mastodon URL must be http(s), got ${options.baseUrl}`, 'config');
  }
  return {
    format: 'mastodon',
    run: ({ signal, cursor, onRecord }) => new MastodonRun(options, signal, onRecord, cursor ?? options.cursor).run(),
  };
}

/** The streaming URL and the REST timeline URL (for gap-fill) of a stream. */
export function mastodonUrls(options: MastodonOptions): { streamUrl: URL; timelineUrl: URL } {
  const stream = options.stream ?? 'public';
  const streamUrl = new URL(`api/v1/streaming/${stream.replace(':', '/')}`, withSlash(toHttp(options.streamingUrl ?? options.baseUrl)));
  if (options.tag) streamUrl.searchParams.set('tag', options.tag.replace(/^#/, ''));
  if (options.list) streamUrl.searchParams.set('list', options.list);
  const tag = encodeURIComponent((options.tag ?? '').replace(/^#/, ''));
  const path: Record<MastodonStream, string> = {
    public: 'public',
    'public:local': 'public?local=true',
    'public:remote': 'public?remote=true',
    hashtag: `tag/${tag}`,
    'hashtag:local': `tag/${tag}?local=true`,
    user: 'home',
    list: `list/${encodeURIComponent(options.list ?? '')}`,
  };
  return { streamUrl, timelineUrl: new URL(`api/v1/timelines/${path[stream]}`, withSlash(options.baseUrl)) };
}

/** Compares Mastodon ids: numeric strings (or equal-length flake ids) order by length, then text. */
export function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * One record's text. `instance` names the serving instance: a `delete` carries only that instance's
 * local status id, and the decoder needs the host to turn it into a post id.
 */
export const streamRecordText = (event: string, payload: string, instance: string): string => JSON.stringify({ event, payload, instance });

class MastodonRun {
  private cursor: string | undefined;
  private readonly source: string;
  private readonly instance: string;
  private readonly headers: Record<string, string>;
  private readonly urls: ReturnType<typeof mastodonUrls>;

  constructor(
    private readonly options: MastodonOptions,
    private readonly signal: AbortSignal,
    private readonly onRecord: (record: RawRecord) => Promise<void> | void,
    cursor: string | undefined,
  ) {
    this.cursor = cursor || undefined;
    this.urls = mastodonUrls(options);
    // Host name without port, as the decoder derives hosts from status uris.
    this.instance = new URL(options.baseUrl).hostname.toLowerCase();
    this.source = options.source ?? `mastodon:${new URL(options.baseUrl).host}/${options.stream ?? 'public'}`;
    this.headers = { accept: 'text/event-stream', 'user-agent': 'marsad' };
    if (options.accessToken) this.headers.authorization = `Bearer ${options.accessToken}`;
  }

  run(): Promise<void> {
    return reconnectLoop(this.signal, this.options.backoff, this.options.onEvent, (backoff) => this.connectOnce(backoff));
  }

  private async deliver(event: string, payload: string): Promise<void> {
    if (event === 'update') {
      const id = topLevelScalar(payload, 'id');
      if (id !== undefined && (this.cursor === undefined || compareIds(id, this.cursor) > 0)) this.cursor = id;
    }
    const position = this.cursor === undefined ? { source: this.source } : { source: this.source, cursor: this.cursor };
    try {
      await this.onRecord({ text: streamRecordText(event, payload, this.instance), position });
    } catch (err) {
      throw new ConsumerError(err);
    }
  }

  /** One streaming connection; resolves with why it ended. */
  private async connectOnce(backoff: Backoff): Promise<string> {
    const { controller, dispose } = childController(this.signal);
    const url = this.urls.streamUrl.href;
    this.options.onEvent?.({ type: 'connecting', url });
    try {
      const res = await request(url, {
        method: 'GET',
        headers: this.headers,
        signal: controller.signal,
        headersTimeout: this.options.connectTimeoutMs ?? 30_000,
        bodyTimeout: 0, // idleness is watched below, where a paused reader is not mistaken for a dead server
        dispatcher: this.options.dispatcher,
      });
      if (res.statusCode !== 200) {
        const body = await res.body.text().catch(() => '');
        throw fatalHttpError(res.statusCode, url, body) ?? new Error(`HTTP ${res.statusCode}`);
      }
      backoff.connected();
      this.options.onEvent?.({ type: 'connected', url });
      // The stream is open and buffering in the socket; now cover the time we were away.
      if (this.cursor !== undefined && this.options.gapFill !== false) await this.fillGap(controller.signal);
      return await this.readStream(res.body, controller);
    } finally {
      controller.abort();
      dispose();
    }
  }

  private async readStream(body: AsyncIterable<Buffer>, controller: AbortController): Promise<string> {
    const parser = new SseParser(this.options.maxEventChars);
    const decoder = new TextDecoder('utf-8');
    const idleMs = this.options.idleTimeoutMs ?? 90_000;
    const chunks = body[Symbol.asyncIterator]();
    let idle = false;
    for (;;) {
      // Armed only while waiting for bytes: while onRecord works we are not reading, by design.
      const timer = setTimeout(() => {
        idle = true;
        controller.abort();
      }, idleMs);
      let next: IteratorResult<Buffer>;
      try {
        next = await chunks.next();
      } catch (err) {
        if (idle) return `no data for ${idleMs} ms`;
        throw err;
      } finally {
        clearTimeout(timer);
      }
      if (next.done) return 'stream ended';
      for (const e of parser.push(decoder.decode(next.value, { stream: true }))) {
        if (this.signal.aborted) return 'aborted';
        await this.deliver(e.event, e.data);
      }
    }
  }

  /** Fetches what was posted since the cursor from the matching REST timeline, oldest first. */
  private async fillGap(signal: AbortSignal): Promise<void> {
    const since = this.cursor as string;
    const maxPages = this.options.gapFillMaxPages ?? 10;
    let records = 0;
    let pages = 0;
    try {
      for (; pages < maxPages; ) {
        const url = new URL(this.urls.timelineUrl);
        url.searchParams.set('min_id', this.cursor as string);
        url.searchParams.set('limit', String(PAGE));
        const res = await request(url, {
          headers: { ...this.headers, accept: 'application/json' },
          signal,
          headersTimeout: this.options.connectTimeoutMs ?? 30_000,
          dispatcher: this.options.dispatcher,
        });
        if (res.statusCode !== 200) {
          await res.body.dump();
          throw new Error(`${url.pathname} answered HTTP ${res.statusCode}`);
        }
        const page = (await res.body.json()) as unknown;
        if (!Array.isArray(page)) throw new Error(`${url.pathname} did not answer a list`);
        pages++;
        const statuses = page
          .filter((s): s is { id: string } => typeof (s as { id?: unknown } | null)?.id === 'string')
          .sort((a, b) => compareIds(a.id, b.id));
        for (const status of statuses) {
          if (this.signal.aborted) return;
          await this.deliver('update', JSON.stringify(status));
          records++;
        }
        if (page.length < PAGE) {
          this.options.onEvent?.({ type: 'gapFilled', records, pages });
          return;
        }
      }
      this.options.onEvent?.({ type: 'gap', since, reason: `more than ${maxPages} pages were posted while disconnected` });
    } catch (err) {
      if (err instanceof ConsumerError || this.signal.aborted) throw err;
      // The live stream matters more than the backlog: note the gap and carry on streaming.
      this.options.onEvent?.({ type: 'gap', since, reason: err instanceof Error ? err.message : String(err) });
    }
  }
}

const withSlash = (u: string): string => (u.endsWith('/') ? u : `${u}/`);
/** Instances advertise their streaming host as `wss://…`; SSE runs over the same host in http(s). */
const toHttp = (u: string): string => u.replace(/^ws(s?):/i, 'http$1:');
