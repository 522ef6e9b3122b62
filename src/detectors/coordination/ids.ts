import type { PostId } from '../../model/ids.js';

const MAX_DIGITS = 15; // below 2^53, and a decimal shifted to 15 digits stays exact (see `compare`)
const MAX_PREFIXES = 255;

/**
 * The post ids of a batch run, compact. Research ids are nearly all `<platform…>:<decimal>`
 * (`x:1589…`, `generic:123`): those are kept as a number and a prefix index, 9 bytes instead of a
 * ~60-byte heap string (at 10M posts, half a gigabyte, and every full collection walks it). Other ids
 * (Bluesky's `did:…/rkey`) are kept as strings.
 */
export class PostIdColumn {
  private num = new Float64Array(1024);
  private pre = new Uint8Array(1024);
  private readonly prefixes: string[] = [];
  private readonly prefixIndex = new Map<string, number>();
  private readonly strings = new Map<number, string>();
  private last = -1;
  length = 0;

  push(id: PostId): void {
    const i = this.length++;
    if (i === this.num.length) {
      const cap = Math.ceil(i * 1.5) + 16;
      const num = new Float64Array(cap);
      num.set(this.num);
      this.num = num;
      const pre = new Uint8Array(cap);
      pre.set(this.pre);
      this.pre = pre;
    }
    const colon = id.lastIndexOf(':') + 1;
    const digits = id.length - colon;
    let value = 0;
    let ok = digits > 0 && digits <= MAX_DIGITS && (digits === 1 || id.charCodeAt(colon) !== 48);
    for (let k = colon; ok && k < id.length; k++) {
      const c = id.charCodeAt(k) - 48;
      if (c < 0 || c > 9) ok = false;
      else value = value * 10 + c;
    }
    const prefix = ok ? this.prefixOf(id, colon) : -1;
    if (prefix < 0) {
      this.num[i] = NaN;
      this.strings.set(i, id);
    } else {
      this.num[i] = value;
      this.pre[i] = prefix;
    }
  }

  /** Index of `id`'s prefix (up to `colon`), or −1 past `MAX_PREFIXES`. Runs rarely change prefix. */
  private prefixOf(id: string, colon: number): number {
    const last = this.prefixes[this.last];
    if (last !== undefined && last.length === colon && id.startsWith(last)) return this.last;
    const prefix = id.slice(0, colon);
    let p = this.prefixIndex.get(prefix);
    if (p === undefined) {
      if (this.prefixes.length >= MAX_PREFIXES) return -1;
      p = this.prefixes.length;
      this.prefixes.push(prefix);
      this.prefixIndex.set(prefix, p);
    }
    this.last = p;
    return p;
  }

  get(i: number): PostId {
    const n = this.num[i];
    return (Number.isNaN(n) ? this.strings.get(i)! : `${this.prefixes[this.pre[i]]}${n}`) as PostId;
  }

  /** The ids' string order (−1, 0, 1), without building strings when both are prefix + decimal. */
  compare(i: number, j: number): number {
    const a = this.num[i];
    const b = this.num[j];
    if (Number.isNaN(a) || Number.isNaN(b) || this.pre[i] !== this.pre[j]) {
      const x = this.get(i);
      const y = this.get(j);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    if (a === b) return 0;
    // Decimal strings compare digit by digit: shift the shorter to the longer's length; equal means
    // it is a prefix of the other, so it sorts first.
    const da = digitCount(a);
    const db = digitCount(b);
    const sa = db > da ? a * 10 ** (db - da) : a;
    const sb = da > db ? b * 10 ** (da - db) : b;
    if (sa !== sb) return sa < sb ? -1 : 1;
    return da < db ? -1 : 1;
  }

  /** Drops the growth slack (after loading). */
  shrink(): void {
    this.num = this.num.slice(0, this.length);
    this.pre = this.pre.slice(0, this.length);
  }
}

function digitCount(n: number): number {
  let d = 1;
  while (n >= 10 ** d) d++;
  return d;
}
