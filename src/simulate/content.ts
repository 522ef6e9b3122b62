/**
 * Post text as pieces (`Seg`): literal text, hashtags, links and mentions. Writers render the pieces
 * in each platform's way (t.co links and UTF-16 offsets on X, byte-offset facets on Bluesky, HTML on
 * Mastodon), so the entities always line up with the text.
 */
import type { Rng } from './rng.js';
import { code } from './rng.js';
import type { Seg, SimAccount } from './types.js';
import { ORGANIC, ORGANIC_SITES, type Lang } from './vocab/organic.js';
import { LANTERN, RELEASE_SITE } from './vocab/lantern.js';

type Compiled = Array<string | { slot: string }>;
const compiled = new Map<string, Compiled>();

/** Templates are split once into literals and slots: filling is then a loop, no regex per post. */
function compile(template: string): Compiled {
  let c = compiled.get(template);
  if (!c) {
    c = template.split(/(\{[a-z0-9]+\})/).filter((p) => p !== '').map((p) => (p.startsWith('{') ? { slot: p.slice(1, -1) } : p));
    compiled.set(template, c);
  }
  return c;
}

export function fill(template: string, slots: Record<string, readonly string[]>, rng: Rng): string {
  let out = '';
  for (const part of compile(template)) {
    if (typeof part === 'string') out += part;
    else {
      const values = slots[part.slot];
      out += values ? values[Math.floor(rng.next() * values.length)] : part.slot;
    }
  }
  return out;
}

export const text = (s: string): Seg => ({ k: 't', s });
export const tag = (s: string): Seg => ({ k: 'tag', s });
export const link = (url: string): Seg => ({ k: 'url', url });
export const mention = (who: SimAccount): Seg => ({ k: 'mention', who });

const SPACE: Seg = { k: 't', s: ' ' };

/** Pieces joined with single spaces (the way people append tags and links). */
export function spaced(...parts: Array<Seg | undefined>): Seg[] {
  const out: Seg[] = [];
  for (const p of parts) {
    if (!p) continue;
    if (out.length > 0) out.push(SPACE);
    out.push(p);
  }
  return out;
}

/** Plain text of the pieces with links as given (for labels.tsv and the CSV's expanded view). */
export function plainText(segs: readonly Seg[], handleOf: (a: SimAccount) => string): string {
  let out = '';
  for (const s of segs) {
    if (s.k === 't') out += s.s;
    else if (s.k === 'tag') out += `#${s.s}`;
    else if (s.k === 'url') out += s.url;
    else out += `@${handleOf(s.who)}`;
  }
  return out;
}

export function organicUrl(rng: Rng): string {
  return rng.pick(ORGANIC_SITES) + code(Math.floor(rng.next() * 2 ** 31), 0, 8);
}

export interface OrganicOptions {
  link: boolean;
  hashtag: boolean;
  trending?: string;
  mentionOf?: SimAccount;
}

export function organicPost(lang: Lang, rng: Rng, o: OrganicOptions): Seg[] {
  const v = ORGANIC[lang];
  return spaced(
    o.mentionOf ? mention(o.mentionOf) : undefined,
    text(fill(rng.pick(v.templates), v.slots, rng)),
    o.trending ? tag(o.trending) : undefined,
    o.hashtag ? tag(rng.pick(v.hashtags)) : undefined,
    o.link ? link(organicUrl(rng)) : undefined,
  );
}

export function replyPost(lang: Lang, rng: Rng, to: SimAccount): Seg[] {
  const v = ORGANIC[lang];
  return spaced(mention(to), text(rng.pick(v.replies)));
}

/** A network member's own message: slogans, the organisation's tags, sometimes a release link. */
export function networkMessage(lang: Lang, rng: Rng, releaseCode?: string): Seg[] {
  const v = LANTERN[lang];
  const body = rng.pick(v.messages).replace('{slogan}', rng.pick(v.slogans));
  return spaced(
    text(body),
    rng.chance(0.75) ? tag(rng.pick(v.hashtags)) : undefined,
    releaseCode ? link(RELEASE_SITE + releaseCode) : undefined,
  );
}

export function releaseText(lang: Lang, rng: Rng, title: string, issue: number): string {
  return rng.pick(LANTERN[lang].release).replace('{title}', title).replace('{n}', String(issue));
}

/** "My new account @handle, support and follow" in the member's language, with the main tag. */
export function shoutout(lang: Lang, rng: Rng, newcomer: SimAccount): Seg[] {
  const [before, after] = rng.pick(LANTERN[lang].shoutout).split('{handle}') as [string, string];
  return [text(before), mention(newcomer), text(after), text(' '), tag(LANTERN[lang].hashtags[0]!)];
}
