/**
 * Entities in free text, for formats that do not mark them (Telegram, Mastodon plain text, CSV).
 * Unicode-aware: Arabic hashtags such as #الدولة_الإسلامية are one tag.
 */
const HASHTAG = /(?:^|[^\p{L}\p{N}_&/])[#＃]([\p{L}\p{M}\p{N}_]*[\p{L}\p{M}][\p{L}\p{M}\p{N}_]*)/gu;
const MENTION = /(?:^|[^\p{L}\p{N}_])@([A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?(?:@[A-Za-z0-9.-]+\.[A-Za-z]{2,})?)/gu;
const URL_RE = /\bhttps?:\/\/[^\s<>"'\u200e\u200f\u202a-\u202e\u2066-\u2069]+/giu;

export function extractHashtags(text: string): string[] {
  return [...text.matchAll(HASHTAG)].map((m) => m[1]!);
}

export function extractMentions(text: string): string[] {
  return [...text.matchAll(MENTION)].map((m) => m[1]!.toLowerCase());
}

export function extractUrls(text: string): string[] {
  // Trailing punctuation is almost never part of a link in running text.
  return [...text.matchAll(URL_RE)].map((m) => m[0].replace(/[.,;:!?)\]}'"»،؛]+$/u, ''));
}
