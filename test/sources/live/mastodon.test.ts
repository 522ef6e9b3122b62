import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { LiveConnectorError, type LiveEvent } from '../../../src/sources/live/common.js';
import { compareIds, createMastodonConnector, mastodonUrls, type MastodonOptions } from '../../../src/sources/live/mastodon.js';
import type { RawRecord } from '../../../src/sources/types.js';
import { startMastodonReplay, syntheticStatus, type MastodonReplay, type MastodonReplayOptions, type SseScriptEvent } from '../../helpers/replay-server.js';
import { collectUntil, waitFor } from './collect.js';

const TOKEN = 'test-token-123';
const FAST = { initialMs: 1, maxMs: 5, jitter: 0 };
// Synthetic statuses of an invented club; ids grow like Mastodon's (time-ordered numeric strings).
const STATUSES = Array.from({ length: 10 }, (_, i) => syntheticStatus(`1100000000000000${100 + i}`, `Meeting note ${i} #marsadtest`));
const update = (i: number): SseScriptEvent => ({ event: 'update', data: JSON.stringify(STATUSES[i]) });
/** The live stream: ten updates, with an edit and a delete among them. */
const EVENTS: SseScriptEvent[] = [
  update(0),
  update(1),
  { event: 'status.update', data: JSON.stringify({ ...STATUSES[0], content: '<p>Meeting note 0, edited</p>' }) },
  update(2),
  { event: 'delete', data: STATUSES[1].id },
  ...[3, 4, 5, 6, 7, 8, 9].map(update),
];

const servers: MastodonReplay[] = [];
after(() => Promise.all(servers.map((s) => s.close())));
async function serve(opts: Partial<MastodonReplayOptions> & Pick<MastodonReplayOptions, 'script'>): Promise<MastodonReplay> {
  const s = await startMastodonReplay({ token: TOKEN, events: EVENTS, statuses: STATUSES, ...opts });
  servers.push(s);
  return s;
}
const connector = (server: MastodonReplay, opts: Partial<MastodonOptions> = {}) =>
  createMastodonConnector({ baseUrl: server.baseUrl, accessToken: TOKEN, backoff: FAST, ...opts });
const parsed = (r: RawRecord) => JSON.parse(r.text) as { event: string; payload: string };
const updateIds = (records: RawRecord[]): string[] =>
  records.map(parsed).filter((e) => e.event === 'update').map((e) => (JSON.parse(e.payload) as { id: string }).id);

describe('Mastodon streaming connector against a loopback replay server', () => {
  it('turns each event into a streaming-capture record, through heartbeats, CRLF and tiny TCP chunks', async () => {
    const server = await serve({ script: [{ from: 0, to: EVENTS.length, drop: false }], eol: '\r\n', chunkBytes: 7 });
    const { records, outcome } = await collectUntil(connector(server), (r) => r.length === EVENTS.length);
    assert.deepEqual(outcome, { ok: true });
    const instance = new URL(server.baseUrl).hostname;
    assert.deepEqual(
      records.map(parsed),
      EVENTS.map((e) => ({ event: e.event, payload: e.data, instance })),
    );
    // The cursor is the newest status id seen on an update; an edit or a delete does not move it.
    assert.deepEqual(
      records.map((r) => r.position.cursor),
      [0, 1, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => STATUSES[i].id),
    );
    assert.equal(records[0].position.source, `mastodon:${new URL(server.baseUrl).host}/public`);
    assert.equal(server.requests[0].path, '/api/v1/streaming/public');
    assert.equal(server.requests[0].authorization, `Bearer ${TOKEN}`);
  });

  it('fails with a typed error on 401, without a retry loop', async () => {
    const server = await serve({ script: [] });
    for (const accessToken of [undefined, 'wrong']) {
      const ac = new AbortController(); // were it to retry, stop it (and fail) instead of hanging
      await assert.rejects(
        connector(server, { accessToken, onEvent: (e) => e.type === 'retrying' && ac.abort() }).run({ signal: ac.signal, onRecord: () => {} }),
        (e: unknown) => e instanceof LiveConnectorError && e.code === 'unauthorized' && e.status === 401 && /access token/.test(e.message),
      );
    }
    assert.equal(server.requests.length, 2, 'one request per attempt, no retries');
  });

  it('after a dropped connection, reconnects and fills the gap from the REST timeline', async () => {
    // Connection 1 sends events 0–5 then dies; events 6–8 (statuses 4, 5, 6) are posted while we are
    // away; connection 2 streams from event 9 (status 7) on.
    const server = await serve({ script: [{ from: 0, to: 6, drop: true }, { from: 9, to: EVENTS.length, drop: false }] });
    const events: LiveEvent[] = [];
    const { records } = await collectUntil(connector(server, { onEvent: (e) => events.push(e) }), (r) => updateIds(r).length === 13);
    const streams = server.requests.filter((r) => r.path.startsWith('/api/v1/streaming/'));
    const timeline = server.requests.filter((r) => r.path === '/api/v1/timelines/public');
    assert.equal(streams.length, 2);
    assert.equal(timeline.length, 1);
    assert.equal(timeline[0].query.get('min_id'), STATUSES[3].id, 'resumes after the last update seen');
    assert.equal(timeline[0].authorization, `Bearer ${TOKEN}`);
    // Gap-filled statuses come oldest first, before what the new stream says.
    assert.deepEqual(updateIds(records), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 7, 8, 9].map((i) => STATUSES[i].id));
    assert.ok(events.some((e) => e.type === 'gapFilled' && e.records === 6 && e.pages === 1));
  });

  it('resumes from the cursor after a restart, paging forward through a long gap', async () => {
    const many = Array.from({ length: 100 }, (_, i) => syntheticStatus(`1200000000000${String(i).padStart(5, '0')}`, `Bulletin ${i}`));
    const server = await serve({ script: [], statuses: many });
    const events: LiveEvent[] = [];
    const c = connector(server, { stream: 'hashtag', tag: '#marsadtest', onEvent: (e) => events.push(e) });
    const { records } = await collectUntil(c, (r) => r.length === 90, { cursor: many[9].id });
    assert.deepEqual(updateIds(records), many.slice(10).map((s) => s.id));
    assert.equal(records.at(-1)?.position.cursor, many[99].id);
    assert.equal(server.requests[0].path, '/api/v1/streaming/hashtag');
    assert.equal(server.requests[0].query.get('tag'), 'marsadtest');
    const pages = server.requests.filter((r) => r.path === '/api/v1/timelines/tag/marsadtest');
    assert.deepEqual(pages.map((r) => r.query.get('min_id')), [many[9].id, many[49].id, many[89].id]);
    assert.ok(events.some((e) => e.type === 'gapFilled' && e.records === 90 && e.pages === 3));
  });

  it('reports a gap it could not fill within the page limit', async () => {
    const many = Array.from({ length: 100 }, (_, i) => syntheticStatus(`1200000000000${String(i).padStart(5, '0')}`, `Bulletin ${i}`));
    const server = await serve({ script: [], statuses: many });
    const events: LiveEvent[] = [];
    const c = connector(server, { gapFillMaxPages: 1, onEvent: (e) => events.push(e) });
    const { records } = await collectUntil(c, (r) => r.length === 40, { cursor: many[0].id });
    assert.equal(records.length, 40);
    await waitFor(() => events.some((e) => e.type === 'gap'));
    assert.deepEqual(events.find((e) => e.type === 'gap'), { type: 'gap', since: many[0].id, reason: 'more than 1 pages were posted while disconnected' });
  });

  it('drops a silent connection after the idle timeout and reconnects', async () => {
    const server = await serve({ script: [{ from: 0, to: 0, drop: false }, { from: 0, to: 2, drop: false }] });
    const { records } = await collectUntil(connector(server, { idleTimeoutMs: 150 }), (r) => r.length === 2);
    assert.deepEqual(updateIds(records), [STATUSES[0].id, STATUSES[1].id]);
    assert.equal(server.requests.filter((r) => r.path.startsWith('/api/v1/streaming/')).length, 2);
  });

  it('stops promptly when aborted while connected and idle', async () => {
    const server = await serve({ script: [] });
    const ac = new AbortController();
    const run = connector(server, { onEvent: (e) => e.type === 'connected' && ac.abort() }).run({ signal: ac.signal, onRecord: () => {} });
    await run;
    assert.equal(server.requests.length, 1);
  });

  it('builds stream and timeline URLs for each stream kind', () => {
    const base = 'https://example.social';
    const u = (o: Partial<MastodonOptions>) => {
      const { streamUrl, timelineUrl } = mastodonUrls({ baseUrl: base, ...o });
      return [streamUrl.href, timelineUrl.href];
    };
    assert.deepEqual(u({}), [`${base}/api/v1/streaming/public`, `${base}/api/v1/timelines/public`]);
    assert.deepEqual(u({ stream: 'public:local' }), [`${base}/api/v1/streaming/public/local`, `${base}/api/v1/timelines/public?local=true`]);
    assert.deepEqual(u({ stream: 'hashtag:local', tag: 'قمر' }), [
      `${base}/api/v1/streaming/hashtag/local?tag=%D9%82%D9%85%D8%B1`,
      `${base}/api/v1/timelines/tag/%D9%82%D9%85%D8%B1?local=true`,
    ]);
    assert.deepEqual(u({ stream: 'user' }), [`${base}/api/v1/streaming/user`, `${base}/api/v1/timelines/home`]);
    assert.deepEqual(u({ stream: 'list', list: '42' }), [`${base}/api/v1/streaming/list?list=42`, `${base}/api/v1/timelines/list/42`]);
    assert.equal(u({ streamingUrl: 'wss://streaming.example.social' })[0], 'https://streaming.example.social/api/v1/streaming/public');
    assert.throws(() => createMastodonConnector({ baseUrl: base, stream: 'hashtag' }), LiveConnectorError);
  });

  it('orders ids as Mastodon does (numerically, not as text)', () => {
    assert.ok(compareIds('99', '100') < 0);
    assert.ok(compareIds('110000000000000109', '110000000000000110') < 0);
    assert.equal(compareIds('7', '7'), 0);
  });
});
