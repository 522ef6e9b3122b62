/**
 * Reads one top-level scalar member of a JSON object without parsing the whole object. Live connectors
 * need only the cursor (Jetstream's `time_us`, a Mastodon status `id`) from each message and hand the
 * text on unparsed; the decoder parses it once, later. Jetstream writes `time_us` as the second member,
 * so the scan usually stops after ~70 characters.
 *
 * Robust by construction rather than by luck: the scan tracks string and nesting state, so a
 * `"time_us":` inside a post's text or in a nested record never matches. When the fast path cannot
 * answer (escaped key, odd layout), it falls back to `JSON.parse`.
 */

/** The member's value as text: a number's literal (`"1779719009132431"`) or a string's content. */
export function topLevelScalar(text: string, key: string): string | undefined {
  const fast = scan(text, key);
  if (fast !== NOT_FOUND) return fast;
  try {
    const value: unknown = (JSON.parse(text) as Record<string, unknown> | null)?.[key];
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  } catch {
    // Not JSON: the decoder will say so; the connector just has no cursor for this record.
  }
  return undefined;
}

const NOT_FOUND = Symbol('not found');
const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;

function scan(text: string, key: string): string | undefined | typeof NOT_FOUND {
  let i = skipWs(text, 0);
  if (text.charCodeAt(i) !== 123 /* { */) return NOT_FOUND;
  let depth = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      if (end < 0) return NOT_FOUND;
      if (depth === 1) {
        const after = skipWs(text, end + 1);
        if (text.charCodeAt(after) === COLON && text.slice(i + 1, end) === key) {
          return scalarAt(text, skipWs(text, after + 1));
        }
      }
      i = end;
    } else if (c === 123 || c === 91 /* { [ */) {
      depth++;
    } else if (c === 125 || c === 93 /* } ] */) {
      if (--depth === 0) return NOT_FOUND;
    }
  }
  return NOT_FOUND;
}

/** Index of the quote closing the string that opens at `start`, or -1. */
function stringEnd(text: string, start: number): number {
  let j = start;
  for (;;) {
    j = text.indexOf('"', j + 1);
    if (j < 0) return -1;
    let slashes = 0;
    while (text.charCodeAt(j - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return j;
  }
}

function scalarAt(text: string, i: number): string | undefined | typeof NOT_FOUND {
  if (text.charCodeAt(i) === QUOTE) {
    const end = stringEnd(text, i);
    if (end < 0) return NOT_FOUND;
    const raw = text.slice(i + 1, end);
    return raw.includes('\\') ? (JSON.parse(text.slice(i, end + 1)) as string) : raw;
  }
  const m = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 40));
  if (m) return m[0];
  return undefined; // present but not a scalar we can use as a cursor (null, object…)
}

function skipWs(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return i;
    i++;
  }
}
