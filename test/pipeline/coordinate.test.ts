import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { CoEdge } from '../../src/detectors/coordination/types.js';
import { postId, type AccountId, type Campaign } from '../../src/model/index.js';
import { attachPeriphery, coordinateStore } from '../../src/pipeline/coordinate.js';
import { openStore } from '../../src/store/db.js';
import { IngestWriter } from '../../src/store/ingest-writer.js';
import { tempDir } from '../helpers/paths.js';

const a = (s: string) => `x:${s}` as AccountId;
const campaign = (id: string, members: string[]): Campaign => ({ id, kind: 'coordination', members: members.map(a), keys: [], start: 0, end: 1, score: 0.5, edges: [], summary: {} });
const edge = (s: string, t: string, weight = 1): CoEdge => ({ source: a(s), target: a(t), type: 'co_hashtag', weight, guardedWeight: weight, evidence: [], leads: 0 }) as unknown as CoEdge;

test('a straggler tied to enough members joins the campaign; a chance contact does not', () => {
  const core = campaign('c1', ['m1', 'm2', 'm3', 'm4', 'm5']);
  const other = campaign('c2', ['n1', 'n2', 'n3', 'n4', 'n5']);
  const edges = [
    // s1 co-acted once each with four members of c1 (and one of c2): it joins c1.
    edge('s1', 'm1'), edge('s1', 'm2'), edge('m3', 's1'), edge('s1', 'm4'), edge('s1', 'n1'),
    // s2 met three members: under the threshold of four.
    edge('s2', 'm1'), edge('s2', 'm2'), edge('s2', 'm3'),
    // a member already in a campaign is never moved.
    edge('n2', 'm1'), edge('n2', 'm2'), edge('n2', 'm3'), edge('n2', 'm4'),
  ];
  const [c1, c2] = attachPeriphery([core, other], edges, 4);
  assert.deepEqual(c1!.members, ['m1', 'm2', 'm3', 'm4', 'm5', 's1'].map(a));
  assert.equal(c1!.summary.periphery, 1);
  assert.equal(c2, other, 'an unchanged campaign is returned as it was');
});

test('hashtag co-use alone seeds a campaign only from three co-actions: twice is what a trend does by chance', async () => {
  const campaignsAfter = async (rounds: number, extra?: 'text'): Promise<number> => {
    const tmp = tempDir();
    const store = await openStore(join(tmp.dir, 'c.db'));
    const writer = new IngestWriter(store.sqlite);
    writer.begin();
    let n = 0;
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < 5; i++) {
        const text = extra === 'text' ? `the same words, round ${r}` : `my own words ${r}-${i}`;
        writer.writePost({ id: postId('x', String(++n)), platform: 'x', authorId: a(`u${i}`), createdAt: r * 3_600_000 + i * 5_000, text, hashtags: ['cupfinal'], urls: [], mentions: [], media: [] }, null, 0);
      }
    }
    writer.commit();
    const report = coordinateStore(store, { types: ['co_tweet', 'co_hashtag'] });
    await store.close();
    tmp.cleanup();
    return report.campaigns;
  };
  assert.equal(await campaignsAfter(2), 0);
  assert.equal(await campaignsAfter(3), 1);
  assert.equal(await campaignsAfter(2, 'text'), 1, 'with the same text besides, twice is enough');
});
