import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { pdqHashImage } from '../../src/hashing/types/pdq.js';
import { postId, accountId, type Post } from '../../src/model/index.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { createMatcher, hashMedia, matchStore, type MatchEntry } from '../../src/pipeline/match.js';
import { addEntries, createBank, setBankEnabled } from '../../src/store/banks.js';
import { openStore, type Store } from '../../src/store/db.js';
import { listSignals } from '../../src/store/signals.js';
import { fixture, tempDir } from '../helpers/paths.js';

const ORIGINAL = fixture('pdq/images/aaa-orig.jpg');
/** The fixture set's own edits of aaa-orig (Meta's test data): all are the same picture. */
const FIXTURE_EDITS = ['blur-a-little', 'blur-a-lot', 'high-contrast', 'high-saturation', 'sharpen-a-little', 'sharpen-a-lot',
  'shrink-a-little', 'shrink-a-lot', 'square-128x128', 'square-256x256', 'square-512x512'].map((n) => `${n}.jpg`);
/** Different pictures (small.jpg has quality 0: it must never match anything). */
const UNRELATED = ['c.png', 'wee.jpg', 'small.jpg'];

const RELEASE = 'The Northern Lantern Brigade calls every supporter to share release 42, The Long Night, in every group before midnight';
const EDITED = 'Brothers! The Northern Lantern Brigade calls every supporter to share release 42, The Long Night, in every group before midnight tonight';
const OTHER = 'The city council calls every resident to share their views on the new bus routes before the meeting on Monday';

interface Msg { id: number; text: string; photo?: string }

/** A Telegram Desktop single-chat export with a photos/ folder, as `marsad ingest` reads it. */
function writeExport(dir: string, messages: Msg[]): string {
  const doc = {
    name: 'Lantern Test Channel',
    type: 'public_channel',
    id: 1777000099,
    messages: messages.map((m) => ({
      id: m.id,
      type: 'message',
      date: '2026-01-01T10:00:00',
      date_unixtime: String(1767261600 + m.id),
      from: 'Lantern Test Channel',
      from_id: 'channel1777000099',
      text: m.text,
      ...(m.photo ? { photo: m.photo } : {}),
    })),
  };
  const file = join(dir, 'result.json');
  writeFileSync(file, JSON.stringify(doc, null, 1));
  return file;
}

describe('matchStore over an ingested Telegram export', () => {
  const tmp = tempDir();
  let store: Store;
  const expected = new Map<number, string>(); // message id → what it is
  let summary: Awaited<ReturnType<typeof matchStore>>;

  before(async () => {
    const photos = join(tmp.dir, 'export', 'photos');
    mkdirSync(photos, { recursive: true });
    const meta = await sharp(ORIGINAL).metadata();
    const w = meta.width!;
    const h = meta.height!;
    const edits: Record<string, ReturnType<typeof sharp>> = {
      'resized.jpg': sharp(ORIGINAL).resize(Math.round(w / 2)).jpeg({ quality: 85 }),
      'reencoded.jpg': sharp(ORIGINAL).jpeg({ quality: 35 }),
      // PDQ is not crop-robust: 1% off each side is distance 18 here, 2% is 36 (no match) — "a little" it is.
      'cropped.jpg': sharp(ORIGINAL).extract({ left: Math.round(w * 0.01), top: Math.round(h * 0.01), width: Math.round(w * 0.98), height: Math.round(h * 0.98) }).jpeg(),
      'rotated.jpg': sharp(ORIGINAL).rotate(90).jpeg(),
      'as.png': sharp(ORIGINAL).png(),
    };
    const messages: Msg[] = [];
    let id = 1;
    for (const [name, img] of Object.entries(edits)) {
      await img.toFile(join(photos, name));
      expected.set(id, `pdq:${name}`);
      messages.push({ id: id++, text: '', photo: `photos/${name}` });
    }
    for (const name of [...FIXTURE_EDITS, ...UNRELATED]) {
      copyFileSync(fixture('pdq/images', name), join(photos, name));
      expected.set(id, `${UNRELATED.includes(name) ? 'none' : 'pdq'}:${name}`);
      messages.push({ id: id++, text: '', photo: `photos/${name}` });
    }
    const texts: [string, string][] = [
      ['text:edited', EDITED],
      ['text:exact-normalised', RELEASE.toUpperCase() + '!!'],
      ['none:other', OTHER],
      ['url:tracking', 'read https://Media.Lantern-Brigade.example/release/42?utm_source=tg&fbclid=abc'],
      ['url:case', 'http://MEDIA.Lantern-Brigade.EXAMPLE/release/42#top'],
      ['url:domain', 'mirror at https://cdn.lantern-banner.example/files/x.mp4'],
      ['none:other-link', 'see https://media.lantern-brigade.example/release/43'],
    ];
    for (const [what, text] of texts) {
      expected.set(id, what);
      messages.push({ id: id++, text });
    }
    const file = writeExport(join(tmp.dir, 'export'), messages);

    store = await openStore(join(tmp.dir, 'store.db'));
    const ingested = await ingest(store, [file]);
    assert.equal(ingested.posts, messages.length);
    await createBank(store.db, { name: 'lantern' });
    const orig = await pdqHashImage(ORIGINAL);
    await addEntries(store.db, 'lantern', [
      { signalType: 'pdq', signal: orig.signal, labels: { group: 'nlb', tags: ['poster'] } },
      { signalType: 'raw_text', signal: RELEASE, labels: { tags: [] } },
      { signalType: 'url', signal: 'https://media.lantern-brigade.example/release/42', labels: { tags: [] } },
      { signalType: 'url', signal: 'lantern-banner.example', labels: { tags: [] } },
    ]);
    summary = await matchStore(store);
  });
  after(async () => {
    await store.close();
    tmp.cleanup();
  });

  const matchedIds = () => new Map(listSignals(store, { detector: 'match' }).map((s) => [Number(s.subject.id.split(':').pop()), s]));

  test('every edited copy matches, nothing unrelated does (precision and recall 1 on this set)', () => {
    const got = matchedIds();
    for (const [id, what] of expected) {
      const [kind] = what.split(':');
      const s = got.get(id);
      if (kind === 'none') assert.equal(s, undefined, `${what} must not match`);
      else {
        assert.ok(s, `${what} must match`);
        assert.equal(s.detector, `match.${kind === 'text' ? 'raw_text' : kind}`, what);
      }
    }
    assert.equal(summary.matches, [...expected.values()].filter((w) => !w.startsWith('none')).length);
    assert.equal(summary.posts, expected.size);
    assert.equal(summary.media.failed, 0);
  });

  test('evidence names the bank, entry, distance, quality and transform', () => {
    const got = matchedIds();
    const byWhat = (what: string) => got.get([...expected].find(([, w]) => w === what)![0])!;
    const rotated = byWhat('pdq:rotated.jpg');
    assert.equal(rotated.evidence.bank, 'lantern');
    assert.equal(rotated.evidence.group, 'nlb');
    assert.equal(typeof rotated.evidence.transform, 'string');
    assert.ok(Number(rotated.evidence.distance) <= 31);
    assert.equal(rotated.score, 1 - Number(rotated.evidence.distance) / 64);
    assert.equal(rotated.evidence.quality, 100);
    const text = byWhat('text:edited');
    assert.ok(Number(text.evidence.similarity) >= 0.8 && Number(text.evidence.similarity) < 1);
    assert.equal(byWhat('text:exact-normalised').score, 1);
    assert.equal(byWhat('url:tracking').score, 1);
    assert.equal(byWhat('url:domain').score, 0.9);
  });

  test('re-running replaces the earlier match signals; a disabled bank matches nothing', async () => {
    const again = await matchStore(store);
    assert.equal(again.matches, summary.matches);
    assert.equal(listSignals(store, { detector: 'match' }).length, summary.matches);
    await setBankEnabled(store.db, 'lantern', false);
    const off = await matchStore(store);
    assert.equal(off.matches, 0);
    assert.equal(listSignals(store, { detector: 'match' }).length, 0);
    await setBankEnabled(store.db, 'lantern', true);
  });
});

describe('createMatcher', () => {
  const post = (over: Partial<Post>): Post => ({
    id: postId('x', '1'), platform: 'x', authorId: accountId('x', 'a'), createdAt: 1, text: '', hashtags: [], urls: [], mentions: [], media: [], ...over,
  });
  const entries: MatchEntry[] = [
    { id: 1, bank: 'b', signalType: 'sha256', signal: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824', labels: { tags: [] } },
    { id: 2, bank: 'b', signalType: 'video_md5', signal: 'd41d8cd98f00b204e9800998ecf8427e', labels: { tags: [] } },
    { id: 3, bank: 'b', signalType: 'raw_text', signal: RELEASE, labels: { tags: [] } },
  ];

  test('uses the hashes a post already carries, and matches reposts (marked in evidence)', () => {
    const match = createMatcher(entries);
    const signals = match(post({
      repostOf: postId('x', '0'),
      text: `RT @lantern_media: ${RELEASE}`,
      media: [{ kind: 'video', md5: 'D41D8CD98F00B204E9800998ECF8427E', sha256: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824' }],
    }));
    assert.deepEqual(signals.map((s) => s.detector).sort(), ['match.raw_text', 'match.sha256', 'match.video_md5']);
    assert.ok(signals.every((s) => s.evidence.repostOf === 'x:0'));
    assert.equal(signals.find((s) => s.detector === 'match.raw_text')!.score, 1);
  });

  test('entries can be added and removed while matching', () => {
    const match = createMatcher(entries);
    assert.equal(match(post({ text: OTHER })).length, 0);
    match.add({ id: 9, bank: 'b', signalType: 'raw_text', signal: OTHER, labels: { tags: [] } });
    assert.equal(match(post({ text: OTHER })).length, 1);
    assert.equal(match.remove(9), true);
    assert.equal(match(post({ text: OTHER })).length, 0);
    assert.equal(match.size, 3);
  });

  test('the text threshold is an option', () => {
    assert.equal(createMatcher(entries, { textThreshold: 0.99 })(post({ text: EDITED })).length, 0);
    assert.equal(createMatcher(entries)(post({ text: EDITED })).length, 1);
  });
});

describe('hashMedia', () => {
  test('fetching is off unless asked; when asked, loopback is refused', async () => {
    const media = { kind: 'image' as const, url: 'http://127.0.0.1:9/poster.jpg' };
    assert.deepEqual(await hashMedia(media, 0, undefined), { skipped: 'fetch_off' });
    const refused = await hashMedia(media, 0, undefined, { fetchMedia: true });
    assert.equal('error' in refused && refused.error, 'blocked_address');
  });

  test('local paths resolve against the source folder and may not leave it', async () => {
    const dir = fixture('pdq');
    const ok = await hashMedia({ kind: 'image', path: 'images/c.png' }, 2, dir);
    assert.ok('ok' in ok);
    assert.equal(ok.ok.index, 2);
    assert.equal(ok.ok.pdq, 'e64cc9d91c623882f8d1f1d9a398e78c9f199b3bd83924f2b7e11e0bf861b064');
    assert.equal(Object.keys(ok.ok.dihedral ?? {}).length, 8);
    assert.deepEqual(await hashMedia({ kind: 'image', path: 'images/missing.jpg' }, 0, dir), { skipped: 'no_file' });
    const escape = await hashMedia({ kind: 'image', path: '../banks/README.md' }, 0, join(dir, 'images'));
    assert.equal('error' in escape && escape.error, 'bad_url');
    assert.deepEqual(await hashMedia({ kind: 'image', path: 'images/c.png' }, 0, undefined), { skipped: 'no_file' });
  });

  test('local videos are hashed by streaming (no size limit, no PDQ); audio is not media', async () => {
    const tmp = tempDir();
    try {
      const bytes = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42'), Buffer.alloc(4096, 7)]);
      writeFileSync(join(tmp.dir, 'clip.mp4'), bytes);
      const r = await hashMedia({ kind: 'video', path: 'clip.mp4' }, 1, tmp.dir);
      assert.deepEqual(r, { ok: { index: 1, sha256: createHash('sha256').update(bytes).digest('hex'), md5: createHash('md5').update(bytes).digest('hex') } });
      assert.deepEqual(await hashMedia({ kind: 'audio', path: 'clip.mp4' }, 0, tmp.dir), { skipped: 'not_media' });
    } finally {
      tmp.cleanup();
    }
  });
});
