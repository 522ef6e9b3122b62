import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { edgesCsv, toGexf, toGraphml, xmlEscape } from '../../../src/detectors/coordination/output.js';
import type { CoEdge, NodeInfo } from '../../../src/detectors/coordination/types.js';
import type { AccountId } from '../../../src/model/index.js';
import { findAll, parseXml } from './xml.js';

const hostileId = 'x:"><script>&amp;' as AccountId;
const edge = (source: AccountId, target: AccountId, weight: number): CoEdge => ({
  source,
  target,
  type: 'co_retweet',
  weight,
  guardedWeight: weight / 2,
  sourceLed: weight,
  targetLed: 0,
  simultaneous: 0,
  meanAbsGapMs: 1000,
  firstAt: 0,
  lastAt: 1000,
  pairs: [],
});
const edges = [edge('x:1' as AccountId, hostileId, 3), edge(hostileId, 'x:1' as AccountId, 2)];
const hostileText = 'a <b>&c</b> "q" \'s\' \u0000\u0008\u001f\uFFFE\uD800 ok\r\n\tend <![CDATA[x]]> ]]> مرحبا 🙂';
const nodes: NodeInfo[] = [
  { id: 'x:1' as AccountId, username: 'user<1>', messages: [hostileText, 'second'] },
  { id: hostileId, username: '&amp;', messages: [] },
];
const clean = 'a <b>&c</b> "q" \'s\'  ok\r\n\tend <![CDATA[x]]> ]]> مرحبا 🙂';

test('edges.csv: QUT header, quoted cells, parse back', () => {
  const rows = parse(edgesCsv(edges), { columns: true }) as Record<string, string>[];
  assert.deepEqual(rows[0], { source: 'x:1', target: hostileId, weight: '3', edge_type: 'co_retweet' });
  assert.equal(rows.length, 2);
  assert.ok(edgesCsv(edges).startsWith('source,target,weight,edge_type\n'));
});

test('GraphML is well-formed, escaped, and round-trips hostile text', () => {
  const doc = parseXml(toGraphml(edges, nodes));
  assert.equal(doc.name, 'graphml');
  const ns = findAll(doc, 'node');
  assert.deepEqual(ns.map((n) => n.attrs.id).sort(), [hostileId, 'x:1'].sort());
  const n1 = ns.find((n) => n.attrs.id === 'x:1')!;
  const data = Object.fromEntries(n1.children.map((d) => [d.attrs.key, d.text]));
  assert.equal(data.username, 'user<1>');
  assert.equal(data.message_0, clean);
  const es = findAll(doc, 'edge');
  assert.equal(es.length, 2);
  assert.equal(es[0]!.attrs.target, hostileId);
});

test('GEXF is well-formed, escaped, with weights and kinds', () => {
  const doc = parseXml(toGexf(edges, nodes));
  assert.equal(doc.name, 'gexf');
  const es = findAll(doc, 'edge');
  assert.deepEqual(es.map((e) => [e.attrs.weight, e.attrs.kind]), [['3', 'co_retweet'], ['2', 'co_retweet']]);
  const vals = findAll(doc, 'attvalue').map((a) => a.attrs.value);
  assert.ok(vals.includes(clean));
  assert.ok(findAll(doc, 'node').some((n) => n.attrs.label === '&amp;'));
});

test('xmlEscape strips what XML 1.0 forbids', () => {
  assert.equal(xmlEscape('\u0001a\uFFFFb\uDC00'), 'ab');
  assert.throws(() => parseXml('<a>\u0001</a>'));
  assert.throws(() => parseXml('<a><b></a></b>'));
});
