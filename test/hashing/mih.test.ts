import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PdqMihIndex, type MihMatch } from '../../src/hashing/mih.js';
import { splitmix32 } from '../../src/hashing/hash32.js';

const rand = splitmix32(12345);

function randomWords(): Uint32Array {
  return Uint32Array.from({ length: 8 }, () => rand());
}

/** Flips `bits` distinct random bits of a copy. */
function mutate(w: Uint32Array, bits: number): Uint32Array {
  const out = Uint32Array.from(w);
  const flipped = new Set<number>();
  while (flipped.size < bits) flipped.add(rand() & 255);
  for (const b of flipped) out[b >>> 5] ^= 1 << (b & 31);
  return out;
}

/** Random hashes plus families of near-duplicates (2..40 bits from a family centre). */
function dataset(random: number, families: number, perFamily: number): { ids: Int32Array; words: Uint32Array; centres: Uint32Array[] } {
  const n = random + families * perFamily;
  const ids = new Int32Array(n);
  const words = new Uint32Array(n * 8);
  const centres: Uint32Array[] = [];
  let i = 0;
  for (; i < random; i++) {
    ids[i] = i;
    words.set(randomWords(), i * 8);
  }
  for (let f = 0; f < families; f++) {
    const c = randomWords();
    centres.push(c);
    for (let k = 0; k < perFamily; k++, i++) {
      ids[i] = i;
      words.set(mutate(c, 2 + (rand() % 39)), i * 8);
    }
  }
  return { ids, words, centres };
}

const key = (ms: MihMatch[]) => ms.map((m) => `${m.id}:${m.distance}`).sort();

function assertSameAsBruteForce(index: PdqMihIndex, q: Uint32Array, maxDistance = 31): number {
  const fast = index.queryWords(q, maxDistance);
  const slow = index.scan(q, maxDistance);
  assert.deepEqual(key(fast), key(slow));
  return fast.length;
}

test('MIH returns exactly the brute-force result set on random and clustered data', () => {
  const { ids, words, centres } = dataset(20000, 50, 60);
  const index = PdqMihIndex.fromWords(ids, words);
  assert.equal(index.pending, 0);
  let hits = 0;
  for (const c of centres) {
    for (let k = 0; k < 4; k++) hits += assertSameAsBruteForce(index, mutate(c, rand() % 30));
  }
  assert.ok(hits > 200 * 10, `clustered queries should find many neighbours, found ${hits}`);
  for (let k = 0; k < 200; k++) assertSameAsBruteForce(index, randomWords());
  for (let k = 0; k < 50; k++) {
    const item = rand() % ids.length;
    const q = mutate(words.subarray(item * 8, item * 8 + 8), rand() % 32);
    const found = index.queryWords(q);
    assert.ok(found.some((m) => m.id === ids[item]), 'an item within 31 bits is always found');
    assertSameAsBruteForce(index, q);
  }
  // Radii: 0 and 15 use exact slot probes; 40 falls back to brute force.
  for (const r of [0, 15, 16, 40]) assertSameAsBruteForce(index, mutate(centres[0], 10), r);
});

test('MIH add, remove, background rebuild and serialisation stay exact', async () => {
  const { ids, words, centres } = dataset(3000, 10, 30);
  const index = PdqMihIndex.fromWords(ids.slice(0, 2000), words.slice(0, 2000 * 8));
  for (let i = 2000; i < ids.length; i++) index.addWords(ids[i], words.subarray(i * 8, i * 8 + 8));
  assert.equal(index.size, ids.length);
  for (const c of centres) assertSameAsBruteForce(index, mutate(c, 5));
  // Removing a family member hides it at once.
  const member = ids.length - 1;
  const q = words.slice(member * 8, member * 8 + 8);
  assert.equal(index.queryWords(q)[0].id, member);
  assert.equal(index.remove(member), true);
  assert.equal(index.remove(member), false);
  assert.ok(!index.queryWords(q).some((m) => m.id === member));
  // A background rebuild swaps in lists covering everything; queries during it stay exact.
  const done = index.rebuildInBackground();
  for (const c of centres) assertSameAsBruteForce(index, mutate(c, 7));
  await done;
  assert.equal(index.pending, 0);
  for (const c of centres) assertSameAsBruteForce(index, mutate(c, 7));
  // Round trip through bytes.
  const copy = PdqMihIndex.deserialize(index.serialize());
  assert.equal(copy.size, index.size);
  for (const c of centres) assert.deepEqual(copy.queryWords(mutate(c, 3)).length > 0, true);
  for (const c of centres) {
    const probe = mutate(c, 9);
    assert.deepEqual(key(copy.queryWords(probe)), key(index.queryWords(probe)));
  }
  assert.throws(() => PdqMihIndex.deserialize(new Uint8Array(5)), RangeError);
});

test('MIH compacts when most items are removed', () => {
  const { ids, words, centres } = dataset(2000, 5, 20);
  const index = PdqMihIndex.fromWords(ids, words);
  for (let i = 0; i < 1500; i++) index.remove(i);
  index.rebuild();
  assert.equal(index.size, ids.length - 1500);
  for (const c of centres) assertSameAsBruteForce(index, mutate(c, 4));
  const h = 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22';
  index.add(77777, h);
  assert.deepEqual(index.query(h), [{ id: 77777, distance: 0 }]);
});
