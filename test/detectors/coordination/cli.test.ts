import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { runCli } from '../../helpers/cli.js';
import { fixture, tempDir } from '../../helpers/paths.js';
import { findAll, parseXml } from './xml.js';

const tmp = tempDir();
after(tmp.cleanup);
const input = fixture('coordination/coretweet_test_input.csv');

test('marsad coordination: QUT CSV in, edges.csv / GraphML / GEXF / campaigns.json out, --json summary', async () => {
  const out = join(tmp.dir, 'net');
  const r = await runCli(['coordination', input, '--type', 'co_retweet,co_tweet', '--window', '60', '--self-loops', '--no-viral-guard', '--out', out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const summary = JSON.parse(r.stdout);
  assert.equal(summary.posts, 15);
  assert.deepEqual(summary.types.co_retweet, { edges: 8, nodes: 7 });
  const rows = parse(readFileSync(join(out, 'edges.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
  assert.deepEqual(Object.keys(rows[0]!), ['source', 'target', 'weight', 'edge_type']);
  assert.equal(rows.filter((x) => x.edge_type === 'co_retweet').length, 8);
  const graphml = parseXml(readFileSync(join(out, 'network.graphml'), 'utf8'));
  assert.equal(findAll(graphml, 'node').length, 7);
  const n0 = findAll(graphml, 'node').find((n) => n.attrs.id?.endsWith(':uid0'))!;
  assert.ok(n0.children.some((d) => d.attrs.key === 'username' && d.text === 'username0'));
  assert.ok(n0.children.some((d) => d.attrs.key === 'message_0' && d.text === 'Example tweet from uid0'));
  assert.equal(findAll(parseXml(readFileSync(join(out, 'network.gexf'), 'utf8')), 'edge').length, rows.length);
  assert.deepEqual(JSON.parse(readFileSync(join(out, 'campaigns.json'), 'utf8')).campaigns, []);
});

test('marsad coordination: QUT conformance through the CLI (window 1, min weight 2, loops)', async () => {
  const r = await runCli(['coordination', input, '--type', 'co_retweet', '--window', '1', '--min-weight', '2', '--self-loops', '--no-viral-guard', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).types.co_retweet.nodes, 1);
});

test('marsad coordination: bad usage exits 2 with a message', async () => {
  const r = await runCli(['coordination', input, '--type', 'co_nothing']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown co-action type: co_nothing/);
  const help = await runCli(['coordination', '--help']);
  assert.match(help.stdout, /Examples:/);
});
