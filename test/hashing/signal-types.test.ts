import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, tempDir } from '../helpers/paths.js';
import { SIGNAL_TYPES, signalType } from '../../src/hashing/signal-types.js';
import type { SignalIndex } from '../../src/hashing/signal-type.js';
import { TextIndex } from '../../src/hashing/text-index.js';
import { textSimilarity } from '../../src/hashing/types/text.js';

function roundTrip(index: SignalIndex): SignalIndex {
  return SIGNAL_TYPES[index.signalType].deserializeIndex(index.serialize());
}

test('every signal type: examples validate, match themselves, and index → serialize → query works', async () => {
  assert.deepEqual(Object.keys(SIGNAL_TYPES).sort(), ['md5', 'pdq', 'raw_text', 'sha256', 'url', 'video_md5']);
  assert.equal(signalType('text_tlsh'), undefined);
  for (const type of Object.values(SIGNAL_TYPES)) {
    assert.ok(type.examples.length > 0, type.name);
    const entries = type.examples.map((e, i) => ({ id: i + 10, signal: type.validate(e.signal).ok ? (type.validate(e.signal) as { signal: string }).signal : '' }));
    for (const e of entries) assert.notEqual(e.signal, '', `${type.name} example must validate`);
    for (const e of entries) assert.deepEqual(type.compare(e.signal, e.signal), { match: true, distance: 0 }, type.name);
    const index = type.createIndex(entries);
    assert.equal(index.signalType, type.name);
    assert.equal(index.size, entries.length);
    const copy = roundTrip(index);
    assert.equal(copy.size, entries.length, type.name);
    for (const e of entries) {
      assert.ok(index.query(e.signal).some((m) => m.id === e.id && m.distance === 0), `${type.name} finds ${e.signal}`);
      assert.deepEqual(copy.query(e.signal), index.query(e.signal), `${type.name} after serialisation`);
    }
    assert.equal(index.remove(entries[0].id), true);
    assert.equal(index.remove(entries[0].id), false);
    assert.ok(!index.query(entries[0].signal).some((m) => m.id === entries[0].id));
    assert.equal(type.validate('').ok, false, `${type.name} refuses empty`);
  }
});

test('file hashes hash files and bytes; examples are real digests', async () => {
  const { dir, cleanup } = tempDir();
  try {
    for (const name of ['md5', 'sha256'] as const) {
      const type = SIGNAL_TYPES[name];
      for (const ex of type.examples) {
        const path = join(dir, `${name}.bin`);
        writeFileSync(path, ex.content ?? '');
        assert.equal((await type.hashFile!(path)).signal, ex.signal);
        assert.equal(type.hashBytes!(new TextEncoder().encode(ex.content ?? '')).signal, ex.signal);
      }
    }
    const pdq = await SIGNAL_TYPES.pdq.hashFile!(fixture('pdq/images/wee.jpg'));
    assert.deepEqual(pdq, { signal: '6227401f601ff4ccafcc9fad4b0d95d371a2eb7265a3285234d228ca94deeb2d', quality: 100 });
  } finally {
    cleanup();
  }
});

test('PDQ compare and index use distance <= 31', () => {
  const t = SIGNAL_TYPES.pdq;
  const a = 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22';
  const far = 'd0f8f1ccc0f4a84d0a370a3a228f67f0b36e2ed5b6623e1d33e6339c4e9c9b22'; // shrink-a-lot
  assert.deepEqual(t.compare(a, far), { match: true, distance: 16 });
  const flipped = a.slice(0, 56) + 'ffffffff'; // far from a in the last 32 bits
  const d = t.compare(a, flipped).distance;
  const index = t.createIndex([{ id: 1, signal: a }]);
  assert.deepEqual(index.query(flipped), d <= 31 ? [{ id: 1, distance: d }] : []);
  assert.deepEqual(index.query(flipped, { maxDistance: 64 }), [{ id: 1, distance: d }]);
});

const release =
  'The Northern Lantern Brigade announces release forty two: every supporter must share the long night video in all groups before midnight and bring one new follower';

test('text: normalised exact match, near-duplicates above 0.8 Jaccard, unrelated text not', () => {
  const index = new TextIndex();
  index.add(1, release);
  index.add(2, 'Weather for the coast: light rain in the morning, sunny spells in the afternoon, and a cool breeze from the sea by evening');
  assert.deepEqual(index.query(release.toUpperCase() + '!!!'), [{ id: 1, distance: 0 }]);
  const edited = release.replace('every supporter', 'each supporter').replace('long night', 'long  night') + ' #lantern';
  const sim = textSimilarity(release, edited);
  assert.ok(sim >= 0.8 && sim < 1, `similarity ${sim}`);
  const hits = index.query(edited);
  assert.equal(hits.length, 1);
  assert.equal(hits[0].id, 1);
  assert.ok(Math.abs(hits[0].distance - (1 - sim)) < 1e-9);
  const heavilyEdited = 'Lantern Brigade release forty two is out: watch the video, then go outside and enjoy the sunny afternoon';
  assert.ok(textSimilarity(release, heavilyEdited) < 0.8);
  assert.deepEqual(index.query(heavilyEdited), []);
  assert.deepEqual(index.query(heavilyEdited, { maxDistance: 0.95 }).length <= 1, true);
  assert.deepEqual(index.query('   '), []);
  assert.equal(SIGNAL_TYPES.raw_text.compare(release, edited).match, true);
  // Serialisation keeps options and entries.
  const copy = TextIndex.deserialize(index.serialize());
  assert.deepEqual(copy.query(edited), hits);
  assert.equal(copy.threshold, 0.8);
});

test('text index results are exactly the brute-force results that LSH surfaces, with the same distances', () => {
  const words = ['lantern', 'brigade', 'release', 'night', 'share', 'video', 'north', 'group', 'join', 'today', 'watch', 'send'];
  const rand = (seed: number) => () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % words.length;
  const r = rand(7);
  const texts = Array.from({ length: 300 }, () => Array.from({ length: 10 + r(), }, () => words[r()]).join(' '));
  const index = TextIndex.build(texts.map((signal, id) => ({ id, signal })));
  let overlap = 0;
  for (const t of texts.slice(0, 60)) {
    const fast = index.query(t);
    const slow = new Map(index.scan(t).map((m) => [m.id, m.distance]));
    for (const m of fast) assert.equal(slow.get(m.id), m.distance);
    overlap += fast.length / slow.size;
  }
  assert.ok(overlap / 60 > 0.9, `LSH found ${overlap / 60} of the brute-force matches`);
});

test('url: canonical URL (scheme, tracking and fragment ignored) and host entries covering subdomains', () => {
  const t = SIGNAL_TYPES.url;
  const index = t.createIndex([
    { id: 1, signal: 'https://media.lantern-brigade.example/release/42' },
    { id: 2, signal: 'lantern-brigade.example' },
    { id: 3, signal: 'files.other.example' },
  ]);
  assert.deepEqual(index.query('http://media.lantern-brigade.example/release/42?utm_source=tg#top'), [
    { id: 1, distance: 0 },
    { id: 2, distance: 1 },
  ]);
  assert.deepEqual(index.query('https://cdn.lantern-brigade.example/a.mp4'), [{ id: 2, distance: 1 }]);
  assert.deepEqual(index.query('https://other.example/x'), []); // a host entry does not cover its parent
  assert.deepEqual(index.query('https://a.files.other.example/x'), [{ id: 3, distance: 1 }]);
  assert.deepEqual(index.query('https://lantern-brigade.example.evil.example/'), []);
  assert.deepEqual(t.compare('lantern-brigade.example', 'https://www.lantern-brigade.example/'), { match: true, distance: 1 });
  assert.deepEqual(t.compare('https://www.lantern-brigade.example/', 'lantern-brigade.example'), { match: true, distance: 1 });
  assert.equal(t.compare('https://a.example/', 'https://b.example/').match, false);
  assert.deepEqual(t.validate('Lantern-Brigade.Example.'), { ok: true, signal: 'lantern-brigade.example' });
  assert.deepEqual(t.validate('media.example/path?b=2&a=1'), { ok: true, signal: 'https://media.example/path?a=1&b=2' });
  assert.equal(t.validate('javascript:alert(1)').ok, false);
});
