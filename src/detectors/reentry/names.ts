/**
 * Handle and name keys for re-entry blocking. A returning account keeps the recognisable part of its
 * name and changes the rest (digits, separators, affixes, spelling, script), so the keys are what
 * survives those edits. Every key is cheap to compute and looked up in a hash map: blocking never scans.
 */
import { coreName, normalizeForMatching, phoneticKey, skeleton } from '../../text/index.js';

/**
 * The part of a handle that names the account: no leading @, no Mastodon instance (`user@host`), no
 * Bluesky domain (`name.bsky.social` → `name`; Bluesky handles turn `_` into `-`).
 */
export function handleStem(handle: string | undefined): string {
  if (!handle) return '';
  let h = handle.trim().replace(/^[@＠]+/u, '');
  const at = h.indexOf('@');
  if (at > 0) h = h.slice(0, at);
  // A domain handle (`name.bsky.social`, `name.example.org`): the first label names the account. A
  // single dot inside a name (`abu.example`) is a separator, not a domain.
  const dot = h.indexOf('.');
  if (dot > 0 && (h.indexOf('.', dot + 1) > 0 || TLDS.has(h.slice(dot + 1).toLowerCase()))) h = h.slice(0, dot);
  return h;
}

const TLDS = new Set(['com', 'net', 'org', 'social', 'app', 'io', 'me', 'info', 'xyz', 'dev', 'blog', 'news', 'online', 'site']);

const SEPARATORS = /[\s_.\-·•|]+/gu;
const DIGITS = /\d+/gu;

/** Letters only: confusables folded (so `examp1e` = `example`), then digits and separators dropped. */
export function skeletonStem(name: string): string {
  // Digits at the edges of a word are added digits; inside one (`examp1e`) they pose as letters.
  const edgeDigits = name.replace(/(?<!\p{L})\d+|\d+(?!\p{L})/gu, '');
  return skeleton(edgeDigits.replace(SEPARATORS, '')).replace(DIGITS, '');
}

/**
 * Blocking keys of a handle or display name: its core (digits, separators and evasion affixes gone),
 * its confusable skeleton without digits, a 6-letter prefix of the core (X clips handles at 15
 * characters, so `hamil_alfanous` returns as `hamil_alfan6889`) and the consonant key shared by
 * Arabic script, Latin transliterations and Arabizi. Keys shorter than 3 letters say nothing.
 */
export function nameKeys(name: string | undefined): string[] {
  if (!name) return [];
  const keys = new Set<string>();
  const core = coreName(name);
  const skel = skeletonStem(name);
  for (const k of [core, skel]) if ([...k].length >= 3) keys.add(`c:${k}`);
  if ([...core].length >= 7) keys.add(`p6:${[...core].slice(0, 6).join('')}`);
  const phon = phoneticKey(name.replace(DIGITS, ' '));
  if (phon.length >= 3) keys.add(`ph:${phon}`);
  return [...keys];
}

/** Normalised text for bio comparison (case, accents, Arabic letter variants, controls folded). */
export function foldBio(bio: string | undefined): string {
  return bio ? normalizeForMatching(bio).trim() : '';
}

/** Character 3-grams of a short text (bio), as a set. */
export function trigrams(s: string): Set<string> {
  const out = new Set<string>();
  const t = ` ${s} `;
  for (let i = 0; i + 3 <= t.length; i++) out.add(t.slice(i, i + 3));
  return out;
}
