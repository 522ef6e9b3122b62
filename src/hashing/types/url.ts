/**
 * The `url` signal type. A bank entry is either a URL — matched by canonical URL (`canonicalUrl` from
 * the text layer; http and https count as the same page), distance 0 — or a bare host name such as
 * `example.org`, which matches every URL on that host or its subdomains, distance 1.
 */
import { getDomain } from 'tldts';
import { canonicalUrl } from '../../text/urls.js';
import type { IndexMatch, SignalIndex, SignalTypeDescriptor } from '../signal-type.js';

const HOST = /^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;

/** A valid host name in canonical form (lower case, punycode, no trailing dot), or undefined. */
export function canonicalHost(s: string): string | undefined {
  const t = s.trim().replace(/\.$/, '');
  if (t === '' || /[/:?#@\s]/.test(t)) return undefined;
  try {
    const host = new URL(`http://${t}/`).hostname;
    return HOST.test(host) ? host : undefined;
  } catch {
    return undefined;
  }
}

/** The key two URLs share when they lead to the same page: the canonical URL without its scheme. */
export function urlKey(url: string): string | undefined {
  return canonicalUrl(url)?.replace(/^https?:/, '');
}

/** The URL's host and its parent domains down to the registrable domain: a.b.example.org → 3 names. */
export function hostChain(url: string): string[] {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return [];
  }
  const registrable = getDomain(host) ?? host;
  const chain = [host];
  while (host !== registrable && host.includes('.')) {
    host = host.slice(host.indexOf('.') + 1);
    chain.push(host);
  }
  return chain;
}

/** A bank URL or host, normalised; `kind` says which. */
export function parseUrlSignal(s: string): { kind: 'url'; signal: string } | { kind: 'host'; signal: string } | undefined {
  const host = canonicalHost(s);
  if (host) return { kind: 'host', signal: host };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(s.trim()) ? s.trim() : `https://${s.trim()}`;
  const url = canonicalUrl(withScheme);
  return url ? { kind: 'url', signal: url } : undefined;
}

export class UrlIndex implements SignalIndex {
  readonly signalType = 'url' as const;
  private readonly urls = new Map<string, number[]>();
  private readonly hosts = new Map<string, number[]>();
  private readonly byId = new Map<number, { map: Map<string, number[]>; key: string }[]>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(id: number, signal: string): void {
    const parsed = parseUrlSignal(signal);
    if (!parsed) throw new RangeError(`url: not a URL or host name: ${JSON.stringify(signal)}`);
    const map = parsed.kind === 'host' ? this.hosts : this.urls;
    const key = parsed.kind === 'host' ? parsed.signal : urlKey(parsed.signal)!;
    const ids = map.get(key);
    if (ids) ids.push(id);
    else map.set(key, [id]);
    const refs = this.byId.get(id);
    if (refs) refs.push({ map, key });
    else this.byId.set(id, [{ map, key }]);
    this.count++;
  }

  remove(id: number): boolean {
    const refs = this.byId.get(id);
    if (!refs) return false;
    this.byId.delete(id);
    for (const { map, key } of refs) {
      const rest = (map.get(key) ?? []).filter((x) => x !== id);
      if (rest.length > 0) map.set(key, rest);
      else map.delete(key);
      this.count--;
    }
    return true;
  }

  /** Entries matching a URL (or a bare host): same page (0) first, then same host or parent domain (1). */
  query(signal: string): IndexMatch[] {
    const parsed = parseUrlSignal(signal);
    if (!parsed) return [];
    const url = parsed.kind === 'host' ? `https://${parsed.signal}/` : parsed.signal;
    const out: IndexMatch[] = [];
    const seen = new Set<number>();
    const push = (ids: number[] | undefined, distance: number) => {
      for (const id of ids ?? []) if (!seen.has(id)) seen.add(id), out.push({ id, distance });
    };
    if (parsed.kind === 'url') push(this.urls.get(urlKey(url)!), 0);
    // A bare host asked about itself is an exact match; otherwise a host entry is a domain-level match.
    for (const host of hostChain(url)) push(this.hosts.get(host), parsed.kind === 'host' && host === parsed.signal ? 0 : 1);
    return out;
  }

  /** JSON `{"type":"url","entries":[[id, signal], …]}` with the normalised signals. */
  serialize(): Uint8Array {
    const entries: [number, string][] = [];
    for (const [id, refs] of this.byId) {
      for (const { map, key } of refs) entries.push([id, map === this.hosts ? key : `https:${key}`]);
    }
    return new TextEncoder().encode(JSON.stringify({ type: 'url', entries }));
  }

  static deserialize(bytes: Uint8Array): UrlIndex {
    const doc = JSON.parse(new TextDecoder().decode(bytes)) as { type?: string; entries?: [number, string][] };
    if (doc.type !== 'url' || !Array.isArray(doc.entries)) throw new RangeError('not a serialised url index');
    const index = new UrlIndex();
    for (const [id, signal] of doc.entries) index.add(id, signal);
    return index;
  }
}

export const urlType: SignalTypeDescriptor = {
  name: 'url',
  contentTypes: ['url', 'text'],
  validate(signal) {
    const parsed = parseUrlSignal(signal);
    return parsed ? { ok: true, signal: parsed.signal } : { ok: false, error: 'not an http(s) URL or host name' };
  },
  hashText(text) {
    const url = canonicalUrl(text);
    return url ? { signal: url } : undefined;
  },
  /** Symmetric: a host matches a URL on it whichever side it is on. */
  compare(a, b) {
    const hit = urlType.createIndex([{ id: 0, signal: a }]).query(b)[0] ?? urlType.createIndex([{ id: 0, signal: b }]).query(a)[0];
    return hit ? { match: true, distance: hit.distance } : { match: false, distance: 2 };
  },
  createIndex(entries = []) {
    const index = new UrlIndex();
    for (const e of entries) index.add(e.id, e.signal);
    return index;
  },
  deserializeIndex: (bytes) => UrlIndex.deserialize(bytes),
  examples: [
    { signal: 'https://media.example.org/release/42', content: 'http://media.example.org/release/42?utm_source=x#top' },
    { signal: 'lantern-brigade.example', content: 'https://cdn.lantern-brigade.example/file.mp4', note: 'host entry' },
  ],
};
