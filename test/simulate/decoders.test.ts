/**
 * What the simulator writes, Marsad's own decoders must read: every record decodes without a problem,
 * the decoded post ids are exactly the truth's ids, and what the truth says (suspensions, release
 * links, shout-out mentions) is visible in the decoded posts.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Decoded, Decoder, DecodeProblem } from '../../src/sources/types.js';
import type { Post } from '../../src/model/index.js';
import { frameCsv, openFile } from '../../src/sources/framing.js';
import { repoRoot } from '../helpers/paths.js';
import { lines, makeWorld, postRows, type World } from './helpers.js';

type Loaded = Decoder | undefined;
/** The decoders are written in parallel with the simulator: skip (saying why) only if one is missing. */
async function load(file: string, name: string): Promise<Loaded> {
  if (!existsSync(join(repoRoot, 'src/sources/decoders', `${file}.ts`))) return undefined;
  const mod = (await import(`../../src/sources/decoders/${file}.js`)) as Record<string, Decoder>;
  return mod[name];
}
const missing = (d: Loaded, file: string): string | false => (d ? false : `decoder module src/sources/decoders/${file}.ts is missing`);

const worlds: World[] = [];
after(() => worlds.forEach((w) => w.cleanup()));

interface Result {
  items: Decoded[];
  problems: DecodeProblem[];
}

function decodeLines(decoder: Decoder, path: string): Result {
  const out: Result = { items: [], problems: [] };
  lines(path).forEach((text, i) => {
    const r = decoder.decode({ text, position: { source: 'f', line: i + 1 } }, {});
    out.items.push(...r.items);
    out.problems.push(...r.problems);
  });
  return out;
}

const posts = (r: Result): Post[] => r.items.flatMap((d) => (d.kind === 'post' ? [d.post] : []));

function checkAgainstTruth(w: World, r: Result): Map<string, Post> {
  assert.deepEqual(r.problems, []);
  const decoded = new Map(posts(r).map((p) => [p.id as string, p]));
  const truthIds = postRows(w.dir).map((row) => row.post);
  const missingIds = truthIds.filter((id) => !decoded.has(id));
  assert.deepEqual(missingIds.slice(0, 5), [], `${missingIds.length} truth posts not decoded`);
  for (const rel of w.truth.releases) assert.ok(decoded.get(rel.post)!.urls.some((u) => u.startsWith(rel.url)), `release link of ${rel.post}`);
  for (const re of w.truth.reentries) {
    for (const s of re.shoutouts) assert.ok(decoded.get(s)!.mentions.some((m) => m.id === re.new), `shout-out ${s} mentions ${re.new}`);
  }
  return decoded;
}

const xV2 = await load('x-v2', 'xV2Decoder');
const jetstream = await load('jetstream', 'jetstreamDecoder');
const mastodon = await load('mastodon', 'mastodonDecoder');
const xCsv = await load('x-csv', 'xCsvDecoder');

describe('decoders read simulated output', () => {
  it('x-v2: twarc2 pages decode with zero problems', { skip: missing(xV2, 'x-v2') }, async () => {
    const w = await makeWorld({ accounts: 600, days: 2, seed: 'decode', format: 'x-v2', images: true });
    worlds.push(w);
    const r = decodeLines(xV2!, join(w.dir, 'tweets.jsonl'));
    const decoded = checkAgainstTruth(w, r);
    const copies = w.truth.releases.flatMap((rel) => rel.copies.filter((c) => c.image));
    assert.ok(copies.length > 0);
    for (const c of copies) assert.ok(decoded.get(c.post)!.media.some((m) => m.url?.endsWith(`/${c.image}`)), `media of ${c.post}`);
    const accounts = r.items.filter((d) => d.kind === 'account').length;
    assert.ok(accounts > 100, `${accounts} account snapshots`);
  });

  it('jetstream: events decode with zero problems; suspensions arrive as account events', { skip: missing(jetstream, 'jetstream') }, async () => {
    const w = await makeWorld({ accounts: 500, days: 2, seed: 'decode', format: 'jetstream' });
    worlds.push(w);
    const r = decodeLines(jetstream!, join(w.dir, 'jetstream.jsonl'));
    checkAgainstTruth(w, r);
    const suspended = r.items.flatMap((d) => (d.kind === 'accountEvent' && d.event.status === 'suspended' ? [d.event.accountId as string] : []));
    assert.deepEqual(suspended.sort(), w.truth.suspensions.map((s) => s.account).sort());
    const follows = r.items.filter((d) => d.kind === 'relation' && d.relation.kind === 'follow').length;
    assert.ok(follows > 20, `${follows} follows`);
  });

  it('mastodon: streaming updates decode with zero problems', { skip: missing(mastodon, 'mastodon') }, async () => {
    const w = await makeWorld({ accounts: 400, days: 1, seed: 'decode', format: 'mastodon' });
    worlds.push(w);
    const r = decodeLines(mastodon!, join(w.dir, 'mastodon.jsonl'));
    const decoded = checkAgainstTruth(w, r);
    const rows = postRows(w.dir);
    for (const row of rows.slice(0, 200)) assert.equal(decoded.get(row.post)!.authorId, row.author);
  });

  it('csv: information-operations rows decode with zero problems', { skip: missing(xCsv, 'x-csv') }, async () => {
    const w = await makeWorld({ accounts: 400, days: 1, seed: 'decode', format: 'csv' });
    worlds.push(w);
    const r: Result = { items: [], problems: [] };
    let header: string[] = [];
    for await (const batch of frameCsv(openFile(join(w.dir, 'tweets.csv')), { onHeader: (h) => (header = h) })) {
      for (const rec of batch) {
        assert.equal(rec.problem, undefined);
        const out = xCsv!.decodeRow!(rec.cells!, header, { text: rec.text, position: { source: 'f', line: rec.line } }, {});
        r.items.push(...out.items);
        r.problems.push(...out.problems);
      }
    }
    const decoded = checkAgainstTruth(w, r);
    const rt = [...decoded.values()].find((p) => p.repostOf);
    assert.ok(rt && decoded.has(rt.repostOf!), 'retweets point at their originals');
  });
});
