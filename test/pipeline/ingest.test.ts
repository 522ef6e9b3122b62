import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingest } from '../../src/pipeline/ingest.js';
import { openStore, type Store } from '../../src/store/db.js';
import { readRaw } from '../../src/store/evidence.js';
import { runCli, spawnCli } from '../helpers/cli.js';
import { fixture, tempDir } from '../helpers/paths.js';

const tmp = tempDir();
after(() => tmp.cleanup());

/** A Jetstream capture with posts, reposts, follows, likes and a broken line every 500 records. */
function writeCapture(path: string, events: number): void {
  const lines: string[] = [];
  for (let n = 0; n < events; n++) {
    const did = `did:plc:user${n % 97}`;
    const rkey = `3k${n.toString(36).padStart(10, '0')}`;
    const time_us = 1_700_000_000_000_000 + n * 1_000;
    const createdAt = new Date(time_us / 1000).toISOString();
    if (n % 500 === 499) lines.push(`{"did":"${did}","time_us":${time_us},"kind":"commit","commit":{"operation":`);
    else if (n % 5 === 1) lines.push(JSON.stringify({ did, time_us, kind: 'commit', commit: { rev: rkey, operation: 'create', collection: 'app.bsky.feed.repost', rkey, cid: 'bafy', record: { $type: 'app.bsky.feed.repost', createdAt, subject: { uri: `at://did:plc:user1/app.bsky.feed.post/3k${(n - 1).toString(36).padStart(10, '0')}`, cid: 'bafy' } } } }));
    else if (n % 5 === 2) lines.push(JSON.stringify({ did, time_us, kind: 'commit', commit: { rev: rkey, operation: 'create', collection: 'app.bsky.graph.follow', rkey, cid: 'bafy', record: { $type: 'app.bsky.graph.follow', createdAt, subject: `did:plc:user${(n * 7) % 97}` } } }));
    else if (n % 5 === 3) lines.push(JSON.stringify({ did, time_us, kind: 'commit', commit: { rev: rkey, operation: 'create', collection: 'app.bsky.feed.like', rkey, cid: 'bafy', record: { $type: 'app.bsky.feed.like', createdAt, subject: { uri: 'at://x/app.bsky.feed.post/y', cid: 'b' } } } }));
    else lines.push(JSON.stringify({ did, time_us, kind: 'commit', commit: { rev: rkey, operation: 'create', collection: 'app.bsky.feed.post', rkey, cid: 'bafy', record: { $type: 'app.bsky.feed.post', createdAt, text: `post ${n} مرصد #tag${n % 7}`, langs: ['ar'] } } }));
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

/** Everything a resumed ingest must reproduce exactly (ingest-time columns left out). */
async function dump(store: Store): Promise<string> {
  const tables = {
    posts: await store.db.selectFrom('posts').select(['id', 'author_id', 'created_at', 'text', 'hashtags', 'repost_of', 'raw_ref', 'version']).orderBy('id').execute(),
    accounts: await store.db.selectFrom('accounts').select(['id', 'handle', 'status']).orderBy('id').execute(),
    relations: await store.db.selectFrom('relations').selectAll().orderBy('from_id').orderBy('record_key').execute(),
    raw: await store.db.selectFrom('raw_chunks').select(['id', 'source', 'count', 'data']).orderBy('id').execute(),
    dead: await store.db.selectFrom('dead_letters').select(['line', 'byte_offset', 'reason', 'raw_sha256']).orderBy('byte_offset').execute(),
  };
  return JSON.stringify(tables);
}

test('every fixture format ingests; re-ingesting adds nothing; raw payloads are kept as evidence', async () => {
  const store = await openStore(join(tmp.dir, 'fixtures.db'));
  const inputs = [fixture('formats/x-v2'), fixture('formats/bluesky-jetstream/golden_v1.jsonl')];
  const first = await ingest(store, inputs);
  assert.ok(first.posts > 20, `posts: ${first.posts}`);
  const capture = first.files.find((f) => f.source.endsWith('streaming_output_with_error.jsonl'));
  assert.deepEqual([capture?.records, capture?.deadLetters], [8, 1], 'the truncated last line of the twarc2 stream capture is a dead letter');
  const second = await ingest(store, inputs);
  assert.deepEqual([second.posts, second.accounts, second.relations, second.edits], [0, 0, 0, 0]);
  assert.ok(second.duplicates >= first.posts, 'everything is recognised as a duplicate');
  // The raw record behind a post gives back the exact input line.
  const post = await store.db.selectFrom('posts').select(['raw_ref']).where('id', 'like', 'bsky:%').executeTakeFirstOrThrow();
  const evidence = await readRaw(store, Number(post.raw_ref));
  assert.ok(evidence, 'the post points at its raw record');
  const raw = evidence.bytes.toString('utf8');
  assert.ok(raw.includes('"app.bsky.feed.post"'));
  assert.equal(createHash('sha256').update(evidence.bytes).digest('hex'), evidence.sha256);
  assert.match(evidence.source, /golden_v1\.jsonl$/);
  assert.ok(evidence.line !== undefined && evidence.offset !== undefined);
  await store.close();
});

test('kill -9 mid-ingest, then resume, gives exactly the store of an uninterrupted run', async () => {
  const input = join(tmp.dir, 'capture.jsonl');
  writeCapture(input, 3000);
  const whole = join(tmp.dir, 'whole.db');
  const resumed = join(tmp.dir, 'resumed.db');
  const straight = await runCli(['ingest', input, '--db', whole, '--batch-size', '200', '--json']);
  assert.equal(straight.code, 3, straight.stderr); // dead letters present → exit 3
  const summary = JSON.parse(straight.stdout) as { posts: number; deadLetters: number };
  assert.equal(summary.deadLetters, 6);

  // The test hook stops the child after 4 committed batches; then it is killed without warning.
  const child = spawnCli(['ingest', input, '--db', resumed, '--batch-size', '200'], { env: { MARSAD_TEST_STALL_AFTER_BATCHES: '4' } });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  while (!stderr.includes('stalled')) {
    const [chunk] = (await once(child.stderr, 'data')) as [string];
    stderr += chunk;
  }
  child.kill('SIGKILL');
  await once(child, 'close');

  const partial = await openStore(resumed);
  const halfway = Number((await partial.db.selectFrom('posts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  await partial.close();
  assert.ok(halfway > 0 && halfway < summary.posts, `the kill left a partial store (${halfway} of ${summary.posts})`);

  const rest = await runCli(['ingest', input, '--db', resumed, '--batch-size', '200', '--json']);
  const restSummary = JSON.parse(rest.stdout) as { posts: number; duplicates: number; files: { resumedFrom?: { line: number } }[] };
  assert.equal(restSummary.files[0]!.resumedFrom?.line, 801, 'resumed after the 4th batch of 200');
  assert.equal(restSummary.duplicates, 0, 'nothing is written twice');
  assert.equal(halfway + restSummary.posts, summary.posts, 'nothing is lost');

  const a = await openStore(whole);
  const b = await openStore(resumed);
  assert.equal(await dump(b), await dump(a));
  await a.close();
  await b.close();
});

test('a file in no known format is reported, not guessed', async () => {
  const odd = join(tmp.dir, 'notes.txt');
  writeFileSync(odd, 'just some words\nmore words\n');
  const result = await runCli(['ingest', odd, '--db', join(tmp.dir, 'odd.db')]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /could not tell the format.*--format/);
});

test('sniffing tells every fixture format apart in one folder ingest', async () => {
  const result = await runCli(['ingest', fixture('formats'), '--db', join(tmp.dir, 'all.db'), '--json']);
  assert.equal(result.code, 3, result.stderr); // the hostile fixtures give dead letters
  const summary = JSON.parse(result.stdout) as { files: { source: string; format: string | null }[]; posts: number };
  const formatOf = (name: string) => summary.files.find((f) => f.source.endsWith(name))?.format;
  assert.equal(formatOf('x-v2/two_tweets.jsonl'), 'x-v2');
  assert.equal(formatOf('x-v2/synthetic-flattened.jsonl'), 'x-v2');
  assert.equal(formatOf('x-v1/original_format_missing_user.json'), 'x-v1');
  assert.equal(formatOf('x-csv/synthetic-io-archive.csv'), 'x-csv');
  assert.equal(formatOf('bluesky-jetstream/golden_v1.jsonl'), 'jetstream');
  assert.equal(formatOf('mastodon/synthetic-stream.jsonl'), 'mastodon');
  assert.equal(formatOf('mastodon/synthetic-statuses.json'), 'mastodon');
  assert.equal(formatOf('telegram/synthetic-channel/result.json'), 'telegram');
  assert.equal(formatOf('qut/synthetic-qut.csv'), 'qut-csv');
  assert.equal(formatOf('generic/synthetic-kaggle-layout.csv'), 'generic-csv');
  assert.equal(formatOf('generic/synthetic-posts.jsonl'), null, 'a generic JSONL file needs --format and --map');
  assert.ok(!summary.files.some((f) => f.source.endsWith('.md')), 'notes in data folders are not inputs');
});

test('a generic CSV reads with a column mapping; a mapping that does not fit is refused up front', async () => {
  const csv = join(tmp.dir, 'kaggle.csv');
  writeFileSync(csv, 'name,username,description,location,followers,numberstatuses,time,tweets\n"Grey Heron","heron_1","bio",Somewhere,10,200,1/6/2015 21:07,"synthetic text #tag https://example.com/a?utm_source=x"\n');
  const db = join(tmp.dir, 'generic.db');
  const ok = await runCli(['ingest', csv, '--db', db, '--format', 'generic-csv', '--map', 'text=tweets,author=username,time=time,displayName=name', '--json']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal((JSON.parse(ok.stdout) as { posts: number }).posts, 1);
  const store = await openStore(db);
  const post = await store.db.selectFrom('posts').selectAll().executeTakeFirstOrThrow();
  assert.equal(post.created_at, Date.UTC(2015, 0, 6, 21, 7));
  assert.deepEqual(JSON.parse(post.hashtags), ['tag']);
  assert.deepEqual(JSON.parse(post.urls), ['https://example.com/a']);
  await store.close();
  const bad = await runCli(['ingest', csv, '--db', db, '--format', 'generic-csv', '--map', 'text=tweet_text,author=username,time=time']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--map does not fit .*column tweet_text \(for text\) is not in the header/);
});
