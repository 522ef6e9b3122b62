/** Test helpers for the decoders: read a fixture as framed records, and a small mutation fuzzer. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { DecodeContext, Decoder, DecodeResult, RawRecord } from '../../../src/sources/types.js';
import { AccountEventSchema, AccountSchema, PostIdSchema, PostSchema, RelationSchema } from '../../../src/model/index.js';
import { fixture } from '../../helpers/paths.js';

export function lines(...path: string[]): RawRecord[] {
  const source = fixture(...path);
  return readFileSync(source, 'utf8')
    .split('\n')
    .map((text, i) => ({ text, position: { source, line: i + 1 } }))
    .filter((r) => r.text.length > 0);
}

export function decodeAll(decoder: Decoder, records: RawRecord[], ctx: DecodeContext = {}): DecodeResult[] {
  return records.map((r) => decoder.decode(r, ctx));
}

/** Deterministic PRNG (mulberry32) so a failing mutation can be replayed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTILE: unknown[] = [null, 0, -1, 1e308, '', 'x'.repeat(5000), '\u202e', '\ud800', [], {}, true, [null], { $type: 1 }];

/** Replaces one random value somewhere in a JSON tree with a hostile one, or deletes a key. */
function mutateJson(v: unknown, r: () => number, depth = 0): unknown {
  if (Array.isArray(v) && v.length > 0 && r() < 0.7) {
    const i = Math.floor(r() * v.length);
    const copy = [...v];
    copy[i] = depth > 6 || r() < 0.4 ? HOSTILE[Math.floor(r() * HOSTILE.length)] : mutateJson(v[i], r, depth + 1);
    return copy;
  }
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const keys = Object.keys(v);
    if (keys.length === 0) return HOSTILE[Math.floor(r() * HOSTILE.length)];
    const k = keys[Math.floor(r() * keys.length)]!;
    const copy: Record<string, unknown> = { ...(v as Record<string, unknown>) };
    const roll = r();
    if (roll < 0.15) delete copy[k];
    else copy[k] = depth > 6 || roll < 0.45 ? HOSTILE[Math.floor(r() * HOSTILE.length)] : mutateJson(copy[k], r, depth + 1);
    return copy;
  }
  return HOSTILE[Math.floor(r() * HOSTILE.length)];
}

/** Text-level mutations: truncation, a flipped character, a duplicated slice. */
function mutateText(s: string, r: () => number): string {
  const i = Math.floor(r() * s.length);
  const roll = r();
  if (roll < 0.33) return s.slice(0, i);
  if (roll < 0.66) return s.slice(0, i) + String.fromCharCode(Math.floor(r() * 0xffff)) + s.slice(i + 1);
  return s.slice(0, i) + s.slice(Math.floor(r() * s.length)) ;
}

/**
 * Decodes `n` mutants of the given records and asserts that decode never throws and always answers
 * with well-formed arrays. JSON records get structural mutations too. Returns how many mutants gave
 * problems (so a test can check the fuzzer really reached the error paths).
 */
export function fuzz(decoder: Decoder, records: RawRecord[], n: number, ctx: DecodeContext = {}, seed = 1): number {
  const r = rng(seed);
  let withProblems = 0;
  for (let k = 0; k < n; k++) {
    const base = records[Math.floor(r() * records.length)]!;
    let text = base.text;
    if (r() < 0.6) {
      try {
        text = JSON.stringify(mutateJson(JSON.parse(text), r));
      } catch {
        text = mutateText(text, r);
      }
    } else text = mutateText(text, r);
    let res: DecodeResult;
    try {
      res = decoder.decode({ text, position: base.position }, ctx);
    } catch (e) {
      assert.fail(`decode threw on mutant ${k} (seed ${seed}): ${String(e)}\n${text.slice(0, 500)}`);
    }
    assert.ok(Array.isArray(res.items) && Array.isArray(res.problems), `mutant ${k}: malformed result`);
    for (const p of res.problems) assert.equal(typeof p.reason, 'string');
    checkItems(res);
    if (res.problems.length > 0) withProblems++;
  }
  return withProblems;
}

/** Every decoded item must satisfy the model's schema (the store relies on it). */
export function checkItems(res: DecodeResult): void {
  for (const item of res.items) {
    const check =
      item.kind === 'post' ? PostSchema.safeParse(item.post)
      : item.kind === 'account' ? AccountSchema.safeParse(item.account)
      : item.kind === 'accountEvent' ? AccountEventSchema.safeParse(item.event)
      : item.kind === 'relation' ? RelationSchema.safeParse(item.relation)
      : item.kind === 'postDeleted' ? PostIdSchema.safeParse(item.postId)
      : { success: typeof item.what === 'string' && item.what.length > 0, error: 'empty skipped.what' };
    assert.ok(check.success, `${item.kind} fails its schema: ${JSON.stringify(check.error)}\n${JSON.stringify(item).slice(0, 800)}`);
  }
}
