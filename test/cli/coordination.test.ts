import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { CoordinationBatch } from '../../src/detectors/coordination/batch.js';
import { CO_ACTION_TYPES } from '../../src/detectors/coordination/types.js';
import { readPosts } from '../../src/sources/read.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';

const tmp = tempDir();
after(tmp.cleanup);

test('marsad coordination on QUT CSV: every type finds what the general reader + batch find (the fast reader reads what each type needs)', async () => {
  const rows = ['message_id,user_id,username,repost_id,reply_id,message,timestamp,urls'];
  const texts = ['Join us #Raid @Target now', 'join US  #raid @other now', 'quiet day', '"quoted, text" #Raid'];
  for (let i = 0; i < 60; i++) {
    const text = texts[i % texts.length]!;
    const cell = /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    rows.push([i, `u${i % 7}`, `name${i % 7}`, i % 5 === 0 ? `t${i % 2}` : '', i % 6 === 1 ? `t${i % 2}` : '', cell, 1_700_000_000 + i * 3, i % 4 === 2 ? 'https://Example.org/a?utm_source=x' : ''].join(','));
  }
  const input = join(tmp.dir, 'qut.csv');
  writeFileSync(input, `${rows.join('\n')}\n`);
  const types = CO_ACTION_TYPES.filter((t) => t !== 'co_media');
  const want = new CoordinationBatch(types, { windowSec: 30 });
  for await (const p of readPosts([input])) want.add(p);
  const out = join(tmp.dir, 'net');
  const r = await runCli(['coordination', input, '--type', types.join(','), '--window', '30', '--out', out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const summary = JSON.parse(r.stdout);
  const csv = parse(readFileSync(join(out, 'edges.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
  for (const type of types) {
    const edges = want.run(type).toArray();
    assert.ok(edges.length > 0, `${type} has edges in this input`);
    assert.equal(summary.types[type].edges, edges.length, type);
    assert.deepEqual(
      csv.filter((e) => e.edge_type === type).map((e) => [e.source, e.target, Number(e.weight)]),
      edges.map((e) => [e.source, e.target, e.weight]),
    );
  }
});
