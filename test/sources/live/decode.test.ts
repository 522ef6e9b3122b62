/** What the live connectors hand over is what the decoders read: records go through the real decoders. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { mastodonDecoder } from '../../../src/sources/decoders/mastodon.js';
import { jetstreamDecoder } from '../../../src/sources/decoders/jetstream.js';
import { createJetstreamConnector } from '../../../src/sources/live/jetstream.js';
import { createMastodonConnector } from '../../../src/sources/live/mastodon.js';
import type { Decoded } from '../../../src/sources/types.js';
import { fixture } from '../../helpers/paths.js';
import { startJetstreamReplay, startMastodonReplay, syntheticStatus, type SseScriptEvent } from '../../helpers/replay-server.js';
import { collectUntil } from './collect.js';

const FAST = { initialMs: 1, maxMs: 5, jitter: 0 };
const closers: Array<() => Promise<void>> = [];
after(() => Promise.all(closers.map((c) => c())));

describe('live records decode', () => {
  it('Jetstream records decode exactly as the same lines read from a file', async () => {
    const lines = readFileSync(fixture('formats/bluesky-jetstream/golden_v1.jsonl'), 'utf8').split('\n').filter(Boolean);
    const server = await startJetstreamReplay({ lines });
    closers.push(server.close);
    const { records } = await collectUntil(createJetstreamConnector({ url: server.url, backoff: FAST }), (r) => r.length === 10);
    const kinds = (items: readonly Decoded[]) => items.map((d) => d.kind).sort();
    const live = records.flatMap((r) => {
      const res = jetstreamDecoder.decode(r, {});
      assert.deepEqual(res.problems, [], r.text.slice(0, 80));
      return kinds(res.items);
    });
    const file = lines.flatMap((text, i) => kinds(jetstreamDecoder.decode({ text, position: { source: 'file', line: i + 1 } }, {}).items));
    assert.deepEqual(live.sort(), file.sort());
    assert.ok(live.includes('post') && live.includes('relation'));
  });

  it('Mastodon records decode into posts, edits and deletes on the serving instance', async () => {
    const events: SseScriptEvent[] = [];
    const server = await startMastodonReplay({ token: 't', events, script: [{ from: 0, to: 4, drop: false }] });
    closers.push(server.close);
    // A status local to the serving instance, so its uri and the delete's local id name the same post.
    const host = new URL(server.baseUrl).host;
    const a = syntheticStatus('110000000000000101', 'Meeting note #marsadtest', host);
    events.push(
      { event: 'update', data: JSON.stringify(a) },
      { event: 'status.update', data: JSON.stringify({ ...a, edited_at: '2026-01-01T01:00:00.000Z', content: '<p>Edited</p>' }) },
      { event: 'delete', data: a.id },
      { event: 'filters_changed', data: 'x' },
    );
    const c = createMastodonConnector({ baseUrl: server.baseUrl, accessToken: 't', backoff: FAST });
    const { records } = await collectUntil(c, (r) => r.length === 4);
    const decoded = records.map((r) => mastodonDecoder.decode(r, { now: 0 }));
    assert.deepEqual(decoded.flatMap((d) => d.problems), []);
    const [created, edited, deleted, other] = decoded.map((d) => d.items);
    const post = created.find((d) => d.kind === 'post');
    assert.ok(post && post.kind === 'post');
    assert.match(post.post.text, /Meeting note/);
    assert.ok(edited.some((d) => d.kind === 'post' && d.post.text === 'Edited'));
    // The delete names the serving instance's local id; the record's `instance` field resolves it.
    assert.deepEqual(
      deleted.map((d) => (d.kind === 'postDeleted' ? d.postId : d.kind)),
      [post.post.id],
    );
    assert.equal(other[0]?.kind, 'skipped');
  });
});
