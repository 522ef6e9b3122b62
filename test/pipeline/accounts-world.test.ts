/**
 * Re-entry on a simulated world, end to end: the simulator's population (look-alike member personas,
 * suspensions, returns under handle variants, shout-outs) written as Jetstream, ingested into a real
 * store, linked by the accounts pipeline and scored against the world's truth.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { evaluateReentry, toEvaluatedLinks, type ReentryEvaluation } from '../../src/detectors/reentry/index.js';
import { analyzeAccounts } from '../../src/pipeline/accounts.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { handleVariant, memberPersona } from '../../src/simulate/accounts.js';
import { simulate } from '../../src/simulate/index.js';
import { Rng } from '../../src/simulate/rng.js';
import type { Truth } from '../../src/simulate/truth.js';
import { openStore, type Store } from '../../src/store/db.js';
import { tempDir } from '../helpers/paths.js';

describe('re-entry on a simulated 3,000-account world', () => {
  const tmp = tempDir();
  let store: Store;
  let truth: Truth;
  let ev: ReentryEvaluation;
  before(async () => {
    const out = join(tmp.dir, 'world');
    truth = await simulate(out, { accounts: 3000, days: 4, seed: '7', format: 'jetstream' });
    store = await openStore(join(tmp.dir, 'marsad.db'));
    await ingest(store, [join(out, 'jetstream.jsonl')]);
    ev = evaluateReentry(truth, toEvaluatedLinks(analyzeAccounts(store).reentry.links));
  });
  after(async () => {
    await store?.close();
    tmp.cleanup();
  });

  it('links returning accounts to their predecessors (issue #8 targets)', () => {
    assert.ok(truth.reentries.length >= 5, `${truth.reentries.length} re-entries`);
    assert.ok(ev.precisionAt1 >= 0.9, `precision@1 ${ev.precisionAt1}`);
    assert.ok(ev.recall >= 0.8, `recall ${ev.recall}`);
    assert.ok(ev.medianDelayMs !== null && ev.medianDelayMs < 6 * 3_600_000, `delay ${ev.medianDelayMs}`);
  });

  it('every return keeps something of the old identity: a handle variant or the same name', () => {
    for (const r of truth.reentries) {
      assert.notEqual(r.newHandle, r.oldHandle);
      assert.ok(r.newHandle.replace(/\.bsky\.social$/, '').length <= 15, r.newHandle);
    }
  });
});

describe('simulated member personas', () => {
  it('look alike but are many: kunya patterns with few exact duplicates', () => {
    const rng = new Rng('personas');
    const names = new Map<string, number>();
    const handles = new Set<string>();
    for (let i = 0; i < 600; i++) {
      const p = memberPersona('ar', rng);
      names.set(p.name, (names.get(p.name) ?? 0) + 1);
      handles.add(p.handle);
      assert.match(p.handle, /^[a-z0-9_]{3,15}$/);
    }
    assert.ok(names.size >= 200, `${names.size} distinct names`);
    assert.ok(Math.max(...names.values()) <= 30, 'no name is worn by a crowd');
    assert.ok([...names.keys()].filter((n) => n.startsWith('أبو ') || n.startsWith('أم ')).length >= 100, 'kunyas dominate');
    assert.ok(handles.size >= 500);
  });

  it('a handle at 15 characters returns as another 15-character handle, not clipped back onto itself', () => {
    const rng = new Rng('variants-15');
    for (const h of ['abouzaydsabbagh', 'abu_bilal_hadda', 'shualaghasa8097']) {
      for (let k = 0; k < 30; k++) {
        const v = handleVariant(h, rng);
        assert.notEqual(v, h);
        assert.ok(v.length <= 15, v);
        assert.match(v, /^[A-Za-z0-9_]+$/);
      }
    }
  });
});
