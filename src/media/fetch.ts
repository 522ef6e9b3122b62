/**
 * Safe media fetching: HTTP(S) only, a byte limit and a time limit, redirects followed by hand (each
 * hop checked again), and no connection to a non-public address. The address check happens in the
 * socket's own DNS lookup, so the address that was checked is the address that is connected to — a
 * DNS answer that changes between check and connect (rebinding) cannot slip through. IP literals
 * skip DNS and are checked before the request.
 */
import { lookup as dnsLookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { readFile, stat } from 'node:fs/promises';
import { Agent, request } from 'undici';
import { ipLiteral, isPublicAddress } from './address.js';
import { MediaError } from './errors.js';
import { sniff, type MediaKind, type Sniffed } from './sniff.js';

export interface FetchOptions {
  /** Largest body accepted (default 25 MB). */
  maxBytes?: number;
  /** Whole-request deadline in ms, redirects included (default 15 s). */
  timeoutMs?: number;
  maxRedirects?: number;
  /** Kinds of content accepted after sniffing (default image and video). */
  accept?: readonly MediaKind[];
  /**
   * TEST ONLY: let the fetch reach non-public addresses (all, or those the predicate allows). Never
   * set from configuration: it turns the fetcher into an SSRF tool.
   */
  allowPrivate?: boolean | ((address: string, host: string) => boolean);
}

export interface FetchedMedia {
  /** Final URL after redirects. */
  url: string;
  bytes: Uint8Array;
  /** Content-Type as the server claimed it. */
  contentType?: string;
  sniffed: Sniffed;
}

const DEFAULTS = { maxBytes: 25 * 1024 * 1024, timeoutMs: 15_000, maxRedirects: 5, accept: ['image', 'video'] as const };

type Allow = (address: string, host: string) => boolean;

function allowFor(opt: FetchOptions['allowPrivate']): Allow {
  if (opt === true) return () => true;
  if (typeof opt === 'function') return (a, h) => isPublicAddress(a) || opt(a, h);
  return (a) => isPublicAddress(a);
}

/** A `lookup` for net/tls.connect that resolves, refuses if any answer is non-public, and returns the rest. */
function guardedLookup(allow: Allow, onBlocked: (host: string, address: string) => void): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, family: options?.family ?? 0 }, (err, addresses) => {
      if (err) return callback(err, []);
      const bad = addresses.find((a) => !allow(a.address, hostname));
      if (bad) {
        onBlocked(hostname, bad.address);
        const e: NodeJS.ErrnoException = new Error(`${hostname} resolves to non-public address ${bad.address}`);
        e.code = 'EBLOCKED';
        return callback(e, []);
      }
      if (options?.all) callback(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

function checkUrl(raw: string, allow: Allow): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new MediaError('bad_url', `not a URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new MediaError('bad_url', `only http(s) URLs are fetched: ${raw}`);
  if (url.username || url.password) throw new MediaError('bad_url', 'URLs with credentials are not fetched');
  const literal = ipLiteral(url.hostname);
  if (literal !== undefined && !allow(literal, url.hostname)) {
    throw new MediaError('blocked_address', `refusing to connect to non-public address ${literal}`);
  }
  return url;
}

/** Fetches one media URL under the limits; every failure is a `MediaError` with a code. */
export async function fetchMedia(rawUrl: string, opts: FetchOptions = {}): Promise<FetchedMedia> {
  const maxBytes = opts.maxBytes ?? DEFAULTS.maxBytes;
  const timeoutMs = opts.timeoutMs ?? DEFAULTS.timeoutMs;
  const maxRedirects = opts.maxRedirects ?? DEFAULTS.maxRedirects;
  const accept = opts.accept ?? DEFAULTS.accept;
  const allow = allowFor(opts.allowPrivate);
  let blocked: string | undefined;
  const agent = new Agent({
    connect: { lookup: guardedLookup(allow, (h, a) => (blocked = `${h} resolves to non-public address ${a}`)), timeout: timeoutMs },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    maxResponseSize: maxBytes,
  });
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    let url = checkUrl(rawUrl, allow);
    for (let hop = 0; ; hop++) {
      const res = await request(url, {
        method: 'GET',
        dispatcher: agent,
        signal,
        headers: { 'user-agent': 'marsad-media-fetch/0.1', accept: 'image/*,video/*;q=0.9,*/*;q=0.1' },
      });
      if (res.statusCode >= 300 && res.statusCode < 400 && res.headers.location) {
        discard(res.body);
        if (hop >= maxRedirects) throw new MediaError('redirect_limit', `more than ${maxRedirects} redirects`);
        url = checkUrl(new URL(String(res.headers.location), url).toString(), allow);
        continue;
      }
      if (res.statusCode !== 200) {
        discard(res.body);
        throw new MediaError('http_status', `HTTP ${res.statusCode} from ${url.host}`);
      }
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        discard(res.body);
        throw new MediaError('too_large', `body of ${declared} bytes is over the ${maxBytes}-byte limit`);
      }
      const chunks: Buffer[] = [];
      let total = 0;
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        total += chunk.length;
        if (total > maxBytes) {
          discard(res.body);
          throw new MediaError('too_large', `body is over the ${maxBytes}-byte limit`);
        }
        chunks.push(chunk);
      }
      const bytes = new Uint8Array(Buffer.concat(chunks, total));
      const sniffed = sniff(bytes);
      if (!sniffed || !accept.includes(sniffed.kind)) {
        throw new MediaError('unsupported_type', `content is ${sniffed?.mime ?? 'not a known media format'} (claimed ${res.headers['content-type'] ?? 'nothing'})`);
      }
      const contentType = res.headers['content-type'];
      return { url: url.toString(), bytes, sniffed, ...(typeof contentType === 'string' ? { contentType } : {}) };
    }
  } catch (err) {
    throw toMediaError(err, blocked, signal);
  } finally {
    void agent.close().catch(() => undefined);
  }
}

/** Drops a response body we will not read (with a listener, so the abort is not an unhandled error). */
function discard(body: NodeJS.ReadableStream & { destroy(): void }): void {
  body.on('error', () => undefined);
  body.destroy();
}

function toMediaError(err: unknown, blocked: string | undefined, signal: AbortSignal): MediaError {
  if (err instanceof MediaError) return err;
  if (blocked) return new MediaError('blocked_address', blocked, { cause: err });
  const e = err as { code?: string; name?: string; message?: string };
  if (signal.aborted || e.name === 'TimeoutError' || /Timeout/i.test(e.code ?? '') || /timeout/i.test(e.name ?? '')) {
    return new MediaError('timeout', 'the fetch took too long', { cause: err });
  }
  if (e.code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') return new MediaError('too_large', 'body is over the size limit', { cause: err });
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') return new MediaError('dns_failed', e.message ?? 'DNS lookup failed', { cause: err });
  return new MediaError('fetch_failed', e.message ?? String(err), { cause: err });
}

/** Reads a local media file (Telegram export folders, downloaded media) under the same byte limit. */
export async function readMediaFile(path: string, opts: Pick<FetchOptions, 'maxBytes' | 'accept'> = {}): Promise<FetchedMedia> {
  const maxBytes = opts.maxBytes ?? DEFAULTS.maxBytes;
  const accept = opts.accept ?? DEFAULTS.accept;
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (err) {
    throw new MediaError('fetch_failed', `cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
  if (size > maxBytes) throw new MediaError('too_large', `${path} is ${size} bytes, over the ${maxBytes}-byte limit`);
  const bytes = new Uint8Array(await readFile(path));
  const sniffed = sniff(bytes);
  if (!sniffed || !accept.includes(sniffed.kind)) throw new MediaError('unsupported_type', `${path} is ${sniffed?.mime ?? 'not a known media format'}`);
  return { url: path, bytes, sniffed };
}

/** A media reference from a post: an http(s) URL is fetched, anything else is read as a local path. */
export function loadMedia(ref: string, opts: FetchOptions = {}): Promise<FetchedMedia> {
  return /^https?:\/\//i.test(ref) ? fetchMedia(ref, opts) : readMediaFile(ref, opts);
}
