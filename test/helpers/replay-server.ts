/**
 * Loopback servers that replay fixtures the way the real services would, for testing live connectors:
 * a Jetstream WebSocket server (cursor, wantedCollections, wantedDids, maxMessageSizeBytes,
 * requireHello + options_update) and a Mastodon instance (SSE streaming with bearer auth and heartbeats,
 * plus REST timelines with min_id / since_id / max_id). Both listen on 127.0.0.1, port 0, and can drop
 * a connection after N events to test reconnects.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Closes a server and every socket still open on it. */
function closer(server: Server, sockets: Set<Socket>): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
}

function track(server: Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return sockets;
}

// ---------------------------------------------------------------------------------------------- Jetstream

export interface JetstreamReplayOptions {
  /** Events, one JSON text each (e.g. the lines of a Jetstream capture). Served in `time_us` order. */
  lines: string[];
  /** Connection i is cut (TCP destroyed, no close frame) after sending `dropAfter[i]` events. */
  dropAfter?: number[];
  /** Answer every upgrade with this HTTP status instead (e.g. 400, 503). */
  rejectWith?: number;
  /** Never answer pings: a server that is gone without the TCP connection noticing. */
  noPong?: boolean;
}

export interface JetstreamConnectionLog {
  query: URLSearchParams;
  /** The filter in force after any `options_update`. */
  wantedCollections: string[];
  wantedDids: string[];
  /** Events written to the socket (their send callbacks fired). */
  sent: number;
  /** Close code as the server saw it: 1000 after a clean client close, 1006 for a cut connection. */
  closeCode?: number;
}

export interface JetstreamReplay {
  url: string;
  connections: JetstreamConnectionLog[];
  /** HTTP upgrade requests seen, including rejected ones. */
  attempts: number;
  close(): Promise<void>;
}

interface Ev {
  text: string;
  timeUs: number;
  did: string;
  kind: string;
  collection?: string;
}

export async function startJetstreamReplay(options: JetstreamReplayOptions): Promise<JetstreamReplay> {
  const events: Ev[] = options.lines
    .filter((l) => l.trim() !== '')
    .map((text) => {
      const e = JSON.parse(text) as { time_us: number; did: string; kind: string; commit?: { collection?: string } };
      return { text, timeUs: e.time_us, did: e.did, kind: e.kind, collection: e.commit?.collection };
    })
    .sort((a, b) => a.timeUs - b.timeUs);
  const server = createServer((_req, res) => res.writeHead(404).end());
  const sockets = track(server);
  const wss = new WebSocketServer({ noServer: true, autoPong: !options.noPong });
  const replay: JetstreamReplay = { url: '', connections: [], attempts: 0, close: closer(server, sockets) };

  server.on('upgrade', (req: IncomingMessage, socket, head) => {
    replay.attempts++;
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/subscribe' || options.rejectWith) {
      socket.end(`HTTP/1.1 ${options.rejectWith ?? 404} Rejected\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const log: JetstreamConnectionLog = {
        query: url.searchParams,
        wantedCollections: url.searchParams.getAll('wantedCollections'),
        wantedDids: url.searchParams.getAll('wantedDids'),
        sent: 0,
      };
      const index = replay.connections.push(log) - 1;
      ws.on('close', (code) => (log.closeCode = code));
      if (url.searchParams.get('requireHello') === 'true') {
        ws.once('message', (data) => {
          const msg = JSON.parse(String(data)) as { type: string; payload: { wantedCollections?: string[]; wantedDids?: string[] } };
          if (msg.type === 'options_update') {
            log.wantedCollections = msg.payload.wantedCollections ?? [];
            log.wantedDids = msg.payload.wantedDids ?? [];
          }
          void pumpJetstream(ws, events, url.searchParams, log, options.dropAfter?.[index]);
        });
      } else {
        void pumpJetstream(ws, events, url.searchParams, log, options.dropAfter?.[index]);
      }
    });
  });
  replay.url = `ws://${await listen(server)}/subscribe`;
  return replay;
}

/** Whether Jetstream would send `e` to a subscriber with these filters (v1 rules). */
export function jetstreamWants(e: Ev, collections: string[], dids: string[]): boolean {
  if (dids.length > 0 && !dids.includes(e.did)) return false;
  if (collections.length === 0 || e.kind !== 'commit') return true; // account and identity always pass
  return collections.some((c) => (c.endsWith('.*') ? (e.collection ?? '').startsWith(c.slice(0, -1)) : c === e.collection));
}

async function pumpJetstream(ws: WebSocket, events: Ev[], q: URLSearchParams, log: JetstreamConnectionLog, dropAfter?: number): Promise<void> {
  const cursor = q.has('cursor') ? Number(q.get('cursor')) : undefined;
  const maxBytes = Math.max(0, Number(q.get('maxMessageSizeBytes') ?? 0) || 0);
  for (const e of events) {
    if (ws.readyState !== ws.OPEN) return;
    if (cursor !== undefined && e.timeUs <= cursor) continue;
    if (!jetstreamWants(e, log.wantedCollections, log.wantedDids)) continue;
    if (maxBytes > 0 && Buffer.byteLength(e.text) > maxBytes) continue;
    if (log.sent === dropAfter) {
      ws.terminate();
      return;
    }
    // Awaiting each write keeps the server honest about backpressure: a client that stops reading stalls it.
    const ok = await new Promise<boolean>((resolve) => ws.send(e.text, (err) => resolve(!err)));
    if (!ok) return;
    log.sent++;
  }
  if (log.sent === dropAfter) ws.terminate();
  // Then stay open, like a live tail with nothing new to say.
}

// ----------------------------------------------------------------------------------------------- Mastodon

export interface SseScriptEvent {
  event: string;
  data: string;
}

export interface MastodonReplayOptions {
  token: string;
  /** The live events, in order. Each streaming connection continues where `script` says. */
  events: SseScriptEvent[];
  /**
   * Per streaming connection: the slice of `events` it sends, and whether it then cuts the TCP
   * connection. Events between one slice's end and the next slice's start were "posted while the
   * client was away": only the REST timeline has them. Connections past the script send nothing.
   */
  script: Array<{ from: number; to: number; drop: boolean }>;
  /** Statuses the REST timelines serve (`id` required). */
  statuses?: Array<{ id: string }>;
  /** Line ending of the SSE stream. */
  eol?: '\n' | '\r\n';
  /** Write the stream in pieces of this many bytes (exercises the parser on real chunk boundaries). */
  chunkBytes?: number;
  /** Heartbeat comment before every event. Default true. */
  heartbeats?: boolean;
}

export interface MastodonRequestLog {
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  status: number;
}

export interface MastodonReplay {
  baseUrl: string;
  requests: MastodonRequestLog[];
  close(): Promise<void>;
}

export async function startMastodonReplay(options: MastodonReplayOptions): Promise<MastodonReplay> {
  const replay: MastodonReplay = { baseUrl: '', requests: [], close: async () => {} };
  let streamIndex = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const log: MastodonRequestLog = { path: url.pathname, query: url.searchParams, authorization: req.headers.authorization, status: 200 };
    replay.requests.push(log);
    const reply = (status: number, body: unknown): void => {
      log.status = status;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${options.token}`) return reply(401, { error: 'The access token is invalid' });
    if (url.pathname.startsWith('/api/v1/streaming/')) {
      void streamSse(res, options, options.script[streamIndex++]);
      return;
    }
    if (url.pathname.startsWith('/api/v1/timelines/')) return reply(200, timelinePage(options.statuses ?? [], url.searchParams));
    reply(404, { error: 'Record not found' });
  });
  const sockets = track(server);
  replay.close = closer(server, sockets);
  replay.baseUrl = `http://${await listen(server)}`;
  return replay;
}

const cmp = (a: string, b: string): number => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

/** Mastodon pagination: newest first; `min_id` gives the page just after it, `since_id` the newest page after it. */
function timelinePage(all: Array<{ id: string }>, q: URLSearchParams): Array<{ id: string }> {
  const limit = Math.min(40, Number(q.get('limit') ?? 20));
  const after = q.get('min_id') ?? q.get('since_id');
  const before = q.get('max_id');
  const sel = all.filter((s) => (after === null || cmp(s.id, after) > 0) && (before === null || cmp(s.id, before) < 0)).sort((a, b) => cmp(a.id, b.id));
  const page = q.has('min_id') ? sel.slice(0, limit) : sel.slice(-limit);
  return page.reverse();
}

async function streamSse(res: ServerResponse, options: MastodonReplayOptions, slice?: { from: number; to: number; drop: boolean }): Promise<void> {
  const eol = options.eol ?? '\n';
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
  res.flushHeaders();
  const write = async (text: string): Promise<void> => {
    const bytes = Buffer.from(text);
    const step = options.chunkBytes ?? bytes.length;
    for (let i = 0; i < bytes.length; i += step) {
      await new Promise<void>((resolve) => res.write(bytes.subarray(i, i + step), () => resolve()));
    }
  };
  await write(`:)${eol}`);
  if (!slice) return; // stay open, silent but for the greeting
  for (const e of options.events.slice(slice.from, slice.to)) {
    if (res.destroyed) return;
    const heartbeat = options.heartbeats === false ? '' : `:thump${eol}`;
    const data = e.data.split('\n').map((line) => `data: ${line}${eol}`).join('');
    await write(`${heartbeat}event: ${e.event}${eol}${data}${eol}`);
  }
  if (slice.drop) res.socket?.destroy();
}

/** A synthetic Mastodon status (REST entity shape), for test streams and timelines. */
export function syntheticStatus(id: string, text: string, host = 'example.social'): Record<string, unknown> & { id: string } {
  return {
    id,
    created_at: new Date(Date.UTC(2026, 0, 1) + Number(id.slice(-6))).toISOString(),
    in_reply_to_id: null,
    in_reply_to_account_id: null,
    sensitive: false,
    spoiler_text: '',
    visibility: 'public',
    language: 'en',
    uri: `https://${host}/users/tester/statuses/${id}`,
    url: `https://${host}/@tester/${id}`,
    content: `<p>${text}</p>`,
    reblog: null,
    account: { id: '1', username: 'tester', acct: 'tester', display_name: 'Tester', url: `https://${host}/@tester` },
    media_attachments: [],
    mentions: [],
    tags: [],
    emojis: [],
    card: null,
    poll: null,
    edited_at: null,
  };
}
