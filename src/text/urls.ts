/**
 * URLs: canonical form (two links to the same page compare equal), the platform's expansion of a
 * shortened link, the registrable domain (public suffix list via tldts) and defanged forms
 * (`hxxp://example[.]com`) that analysts write and propagandists use to slip past link filters.
 */
import { getDomain, getHostname } from 'tldts';

/**
 * Query parameters that only track the click. `s` and `t` are tracking only on X share links
 * (elsewhere `?s=` is often a search and `?t=` a video timestamp).
 */
const TRACKING = /^(utm_.*|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|yclid|twclid|ttclid|mc_eid|mc_cid|igshid|igsh|si|ref_src|ref_url|_ga|_gl|mkt_tok|oly_anon_id|oly_enc_id|vero_id|__s|s|t|feature)$/i;
const X_ONLY = new Set(['s', 't']);
const YOUTUBE_ONLY = new Set(['feature']);

/** Hosts that serve the same pages under another name. */
const HOST_ALIAS: Record<string, string> = {
  'twitter.com': 'x.com',
  'www.twitter.com': 'x.com',
  'mobile.twitter.com': 'x.com',
  'mobile.x.com': 'x.com',
  'www.x.com': 'x.com',
  'youtube.com': 'www.youtube.com',
  'm.youtube.com': 'www.youtube.com',
  'm.facebook.com': 'www.facebook.com',
  'facebook.com': 'www.facebook.com',
  'telegram.me': 't.me',
  'www.t.me': 't.me',
  'www.instagram.com': 'instagram.com',
};

/** Link shorteners: their target is only known when the platform expands it (we do not fetch). */
export const SHORTENERS = new Set([
  't.co', 'bit.ly', 'bitly.com', 'goo.gl', 'tinyurl.com', 'ow.ly', 'buff.ly', 'dlvr.it', 'is.gd', 'shorturl.at',
  'rebrand.ly', 'cutt.ly', 't.ly', 'tiny.cc', 'lnkd.in', 'fb.me', 'trib.al', 'ift.tt', 'rb.gy', 'v.gd', 'shorturl.com',
]);

export function canonicalUrl(input: string): string | undefined {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.hash = '';
  let host = url.hostname.toLowerCase().replace(/\.$/, '');
  host = HOST_ALIAS[host] ?? host;
  // youtu.be/ID is www.youtube.com/watch?v=ID
  if (host === 'youtu.be' && /^\/[\w-]{6,}$/.test(url.pathname)) {
    url.searchParams.set('v', url.pathname.slice(1));
    url.pathname = '/watch';
    host = 'www.youtube.com';
  }
  url.hostname = host;
  const isX = host === 'x.com';
  const isYoutube = host === 'www.youtube.com';
  const kept = [...url.searchParams.entries()]
    .filter(([k]) => {
      const key = k.toLowerCase();
      if (!TRACKING.test(key)) return true;
      if (X_ONLY.has(key)) return !isX;
      if (YOUTUBE_ONLY.has(key)) return !isYoutube;
      return false;
    })
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  url.search = '';
  for (const [k, v] of kept) url.searchParams.append(k, v);
  return url.toString();
}

/** A link as a platform reports it: the URL in the text (often t.co) and its expansion, when given. */
export interface UrlEntity {
  url: string;
  expandedUrl?: string;
  /** X's "unwound" URL: the final target after the shortener chain. */
  unwoundUrl?: string;
}

export interface ResolvedUrl {
  /** Canonical form of the best-known target. */
  url: string;
  /** Canonical form of the link as written, when it differs (the shortener link). */
  shortUrl?: string;
  domain?: string;
  /** The target is still a shortener: the platform did not expand it. */
  unresolvedShortener: boolean;
}

/** The canonical target of a link, using the platform's expansion where there is one. */
export function expandUrl(entity: UrlEntity): ResolvedUrl | undefined {
  const short = canonicalUrl(entity.url);
  const target = canonicalUrl(entity.unwoundUrl ?? '') ?? canonicalUrl(entity.expandedUrl ?? '') ?? short;
  if (target === undefined) return undefined;
  const host = getHostname(target) ?? '';
  return {
    url: target,
    ...(short !== undefined && short !== target ? { shortUrl: short } : {}),
    ...optionalDomain(target),
    unresolvedShortener: SHORTENERS.has(host),
  };
}

function optionalDomain(url: string): { domain?: string } {
  const d = registrableDomain(url);
  return d === undefined ? {} : { domain: d };
}

/**
 * The registrable domain ("eTLD+1") of a URL or host name: `news.bbc.co.uk` → `bbc.co.uk`. Private
 * suffixes count by default (`someone.blogspot.com` is someone's, not Google's): pass
 * `{ privateSuffixes: false }` for ICANN suffixes only. IP addresses return themselves.
 */
export function registrableDomain(urlOrHost: string, options: { privateSuffixes?: boolean } = {}): string | undefined {
  const input = refang(urlOrHost.trim());
  const parsed = getHostname(input);
  if (parsed && /^(\d{1,3}\.){3}\d{1,3}$|^\[?[0-9a-f:]+\]?$/i.test(parsed)) return parsed;
  return getDomain(input, { allowPrivateDomains: options.privateSuffixes ?? true }) ?? undefined;
}

// --- defanged URLs -------------------------------------------------------------------------------

const DEFANG_RULES: [RegExp, string][] = [
  [/\bh(?:xx|\*\*|XX|tt)p(s?)(?:\[:\]|\(:\)|\{:\}|:)\/\//g, 'http$1://'],
  [/\bh(?:xx|XX|\*\*)p(s?)\b/g, 'http$1'],
  [/\bfxp(?=:\/\/|\[:\])/gi, 'ftp'],
  [/\[:\/\/\]|\(:\/\/\)/g, '://'],
  [/\[:\]|\(:\)/g, ':'],
  [/\s?(?:\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\{dot\}|\[punkt\]|\[نقطة\])\s?/gi, '.'],
  [/\[(?:@|at)\]|\((?:@|at)\)/gi, '@'],
  [/\[\/\]/g, '/'],
];
const DEFANG_MARK = /h(?:xx|XX|\*\*)ps?|fxp:|\[:\/?\/?\]|\(:\)|[[({](?:\.|dot|punkt|نقطة)[\])}]|\[(?:@|at)\]|\[\/\]/iu;

/** Undo defanging: `hxxps://example[.]com` → `https://example.com`. Text without markers is returned as is. */
export function refang(text: string): string {
  if (!DEFANG_MARK.test(text)) return text;
  let out = text;
  for (const [re, to] of DEFANG_RULES) out = out.replace(re, to);
  return out;
}

export interface DefangedUrl {
  /** As written. */
  raw: string;
  /** Refanged and canonical (or refanged only, for a bare domain). */
  url: string;
  domain?: string;
  start: number;
  end: number;
}

// A candidate: a run of non-space characters, allowing the spaced " [.] " form inside.
const CANDIDATE = /[^\s<>"'«»]+(?:\s?[[({](?:\.|dot)[\])}]\s?[^\s<>"'«»]+)*/giu;

/** Defanged links and domains in running text, with their refanged form. */
export function findDefanged(text: string): DefangedUrl[] {
  if (!DEFANG_MARK.test(text)) return [];
  const found: DefangedUrl[] = [];
  for (const m of text.matchAll(CANDIDATE)) {
    let raw = m[0].replace(/[.,;:!?'"»،؛…]+$/u, '');
    if (raw.endsWith(')') && !raw.includes('(')) raw = raw.slice(0, -1);
    if (!DEFANG_MARK.test(raw)) continue;
    const plain = refang(raw);
    const withScheme = /^[a-z]+:\/\//i.test(plain) ? plain : `http://${plain}`;
    const canon = canonicalUrl(withScheme);
    if (canon === undefined || !/\.[a-z\p{L}]{2,}/iu.test(new URL(canon).hostname)) continue;
    const domain = registrableDomain(canon);
    found.push({
      raw,
      url: /^[a-z]+:\/\//i.test(plain) ? canon : plain,
      ...(domain !== undefined ? { domain } : {}),
      start: m.index,
      end: m.index + raw.length,
    });
  }
  return found;
}
