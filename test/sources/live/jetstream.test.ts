import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { LiveConnectorError, type LiveEvent } from '../../../src/sources/live/common.js';
import { createJetstreamConnector, jetstreamCursor, subscribeRequest, type JetstreamOptions } from '../../../src/sources/live/jetstream.js';
import type { RawRecord } from '../../../src/sources/types.js';
import { fixture } from '../../helpers/paths.js';
import { jetstreamWants, startJetstreamReplay, type JetstreamReplay } from '../../helpers/replay-server.js';
import { collectUntil, waitFor } from './collect.js';

const LINES = readFileSync(fixture('formats/bluesky-jetstream/golden_v1.jsonl'), 'utf8').split('\n').filter(Boolean);
const timeOf = (line: string): number => (JSON.parse(line) as { time_us: number }).time_us;
/** The fixture in the order Jetstream serves it: by time_us. */
const ORDERED = [...LINES].sort((a, b) => timeOf(a) - timeOf(b));
const FAST = { initialMs: 1, maxMs: 5, jitter: 0 };

const servers: JetstreamReplay[] = [];
after(() => Promise.all(servers.map((s) => s.close())));
async function serve(opts: Omit<Parameters<typeof startJetstreamReplay>[0], 'lines'> & { lines?: string[] } = {}): Promise<JetstreamReplay> {
  const s = await startJetstreamReplay({ lines: LINES, ...opts });
  servers.push(s);
  return s;
}
const connector = (server: JetstreamReplay, opts: Partial<JetstreamOptions> = {}) =>
  createJetstreamConnector({ url: server.url, backoff: FAST, ...opts });
const texts = (records: RawRecord[]): string[] => records.map((r) => r.text);
const distinct = (records: RawRecord[]): number => new Set(texts(records)).size;

describe('Jetstream connector against a loopback replay server', () => {
  it('delivers every event in order, each with its time_us as cursor, and closes cleanly on abort', async () => {
    const server = await serve();
    const { records, outcome } = await collectUntil(connector(server), (r) => r.length === 10);
    assert.deepEqual(outcome, { ok: true });
    assert.deepEqual(texts(records), ORDERED);
    assert.deepEqual(
      records.map((r) => r.position.cursor),
      ORDERED.map((l) => String(timeOf(l))),
    );
    assert.equal(records[0].position.source, `jetstream:${new URL(server.url).host}`);
    assert.equal(server.connections.length, 1);
    const q = server.connections[0].query;
    assert.equal(q.get('compress'), 'false');
    assert.equal(q.has('cursor'), false, 'no cursor = live tail');
    await waitFor(() => server.connections[0].closeCode !== undefined);
    assert.equal(server.connections[0].closeCode, 1000, 'a close frame, not a dropped socket');
  });

  it('asks for wanted collections (with prefixes) and dids; account and identity events still come', async () => {
    const server = await serve();
    const wantedCollections = ['app.bsky.feed.post', 'app.bsky.graph.*'];
    const wantedDids = [...new Set(LINES.map((l) => (JSON.parse(l) as { did: string }).did))].slice(0, 9);
    const expected = ORDERED.filter((l) => {
      const e = JSON.parse(l) as { did: string; kind: string; time_us: number; commit?: { collection: string } };
      return jetstreamWants({ text: l, timeUs: e.time_us, did: e.did, kind: e.kind, collection: e.commit?.collection }, wantedCollections, wantedDids);
    });
    assert.ok(expected.length >= 4 && expected.length < 9, `a filter that keeps some and drops some (${expected.length})`);
    const { records } = await collectUntil(connector(server, { wantedCollections, wantedDids }), (r) => r.length === expected.length);
    assert.deepEqual(texts(records), expected);
    assert.ok(texts(records).some((t) => t.includes('"kind":"account"')));
    assert.deepEqual(server.connections[0].query.getAll('wantedCollections'), wantedCollections);
    assert.deepEqual(server.connections[0].query.getAll('wantedDids'), wantedDids);
  });

  it('sends filters too long for a URL in an options_update hello', async () => {
    const server = await serve();
    const target = JSON.parse(ORDERED[0]) as { did: string };
    const wantedDids = [...Array.from({ length: 400 }, (_, i) => `did:plc:${String(i).padStart(24, 'z')}`), target.did];
    const req = subscribeRequest({ url: server.url, wantedDids }, undefined);
    assert.ok(req.hello, 'the URL would be too long');
    const expected = ORDERED.filter((l) => l.includes(`"did":"${target.did}"`));
    const { records } = await collectUntil(connector(server, { wantedDids }), (r) => r.length === expected.length);
    assert.deepEqual(texts(records), expected);
    assert.equal(server.connections[0].query.get('requireHello'), 'true');
    assert.equal(server.connections[0].wantedDids.length, 401);
  });

  it('after a dropped connection, resumes from the last cursor: nothing missing, nothing twice without rewind', async () => {
    const server = await serve({ dropAfter: [4, 3] });
    const events: LiveEvent[] = [];
    const { records } = await collectUntil(connector(server, { rewindUs: 0, onEvent: (e) => events.push(e) }), (r) => r.length === 10);
    assert.deepEqual(texts(records), ORDERED);
    assert.equal(server.connections.length, 3);
    assert.equal(server.connections[1].query.get('cursor'), String(timeOf(ORDERED[3])));
    assert.equal(server.connections[2].query.get('cursor'), String(timeOf(ORDERED[6])));
    assert.equal(events.filter((e) => e.type === 'retrying').length, 2);
  });

  it('rewinds a few seconds by default: duplicates allowed, none missing, cursor never goes back', async () => {
    const server = await serve({ dropAfter: [4] });
    const { records } = await collectUntil(connector(server), (r) => distinct(r) === 10 && r.length >= 14);
    assert.equal(server.connections[1].query.get('cursor'), String(timeOf(ORDERED[3]) - 5_000_000));
    assert.deepEqual(new Set(texts(records)), new Set(LINES));
    assert.equal(records.length, 14, 'the 4 seen before the drop arrive again (the fixture spans < 5 s)');
    const cursors = records.map((r) => Number(r.position.cursor));
    assert.ok(cursors.every((c, i) => i === 0 || c >= cursors[i - 1]), 'monotone cursor');
    assert.equal(cursors.at(-1), timeOf(ORDERED[9]));
  });

  it('resumes after a restart from the cursor passed to run (which beats the one in options)', async () => {
    const server = await serve();
    const cursor = String(timeOf(ORDERED[5]));
    const c = connector(server, { rewindUs: 0, cursor: '1' });
    const { records } = await collectUntil(c, (r) => r.length === 4, { cursor });
    assert.deepEqual(texts(records), ORDERED.slice(6));
    assert.equal(server.connections[0].query.get('cursor'), cursor);
    await assert.rejects(
      c.run({ signal: new AbortController().signal, cursor: 'yesterday', onRecord: () => {} }),
      (e: unknown) => e instanceof LiveConnectorError && e.code === 'config',
    );
  });

  it('lets the server drop messages over maxMessageBytes', async () => {
    const server = await serve();
    const limit = 700;
    const expected = ORDERED.filter((l) => Buffer.byteLength(l) <= limit);
    assert.ok(expected.length > 0 && expected.length < 10);
    const { records } = await collectUntil(connector(server, { maxMessageBytes: limit }), (r) => r.length === expected.length);
    assert.deepEqual(texts(records), expected);
    assert.equal(server.connections[0].query.get('maxMessageSizeBytes'), String(limit));
  });

  it('does not retry a request the server rejects as bad; does retry a 503 until aborted', async () => {
    const bad = await serve({ rejectWith: 400 });
    await assert.rejects(
      connector(bad).run({ signal: new AbortController().signal, onRecord: () => {} }),
      (e: unknown) => e instanceof LiveConnectorError && e.code === 'bad_request' && e.status === 400,
    );
    assert.equal(bad.attempts, 1);

    const busy = await serve({ rejectWith: 503 });
    const ac = new AbortController();
    const run = connector(busy, { onEvent: (e) => e.type === 'retrying' && e.attempt >= 3 && ac.abort() }).run({ signal: ac.signal, onRecord: () => {} });
    await run; // resolves on abort
    assert.ok(busy.attempts >= 3);
  });

  it('drops a connection that stops answering pings, and resumes on a new one', async () => {
    const server = await serve({ noPong: true });
    const reasons: string[] = [];
    const c = connector(server, { rewindUs: 0, pingIntervalMs: 50, onEvent: (e) => e.type === 'disconnected' && reasons.push(e.reason) });
    const { records } = await collectUntil(c, () => server.connections.length === 2, { poke: (check) => void waitFor(() => server.connections.length === 2).then(check) });
    assert.deepEqual(texts(records), ORDERED);
    assert.deepEqual(reasons, ['no answer to ping']);
    assert.equal(server.connections[1].query.get('cursor'), String(timeOf(ORDERED[9])));
  });

  it('stops, rejecting with the consumer error, when onRecord throws', async () => {
    const server = await serve();
    let n = 0;
    const boom = new Error('store is full');
    await assert.rejects(
      connector(server).run({
        signal: new AbortController().signal,
        onRecord: () => {
          if (++n === 3) throw boom;
        },
      }),
      (e: unknown) => e === boom,
    );
    assert.equal(n, 3);
    assert.equal(server.connections.length, 1);
  });

  it('applies backpressure: a slow consumer stalls the server instead of filling memory', async () => {
    const pad = 'x'.repeat(16 * 1024);
    const total = 2000; // 32 MB: more than loopback socket buffers can hide
    const lines = Array.from({ length: total }, (_, i) => JSON.stringify({ did: 'did:plc:synthetic', time_us: 1_700_000_000_000_000 + i, kind: 'commit', commit: { collection: 'app.bsky.feed.post', record: { text: pad } } }));
    const server = await serve({ lines });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let stalledAt = 0;
    const result = collectUntil(connector(server, { highWaterMark: 16 }), (r) => r.length === total, {
      timeoutMs: 30_000,
      onRecord: () => gate, // the first record blocks until released
    });
    try {
      // Wait until the server can no longer write, then check it is far from done.
      await waitFor(() => server.connections.length === 1 && server.connections[0].sent > 0);
      stalledAt = await settled(() => server.connections[0].sent);
    } finally {
      release(); // even when failing: a blocked onRecord would keep the run (and the test) alive
    }
    assert.ok(stalledAt < total / 2, `server stalled after ${stalledAt} of ${total}`);
    const { records } = await result;
    assert.equal(records.length, total);
    assert.deepEqual(
      records.map((r) => r.position.cursor),
      lines.map((l) => String(timeOf(l))),
    );
  });

  it('builds the subscribe URL: bare host, repeated filters, cursor, compression off', () => {
    const { url, hello } = subscribeRequest(
      { url: 'wss://jetstream.example', wantedCollections: ['app.bsky.feed.post', 'app.bsky.graph.*'], wantedDids: ['did:plc:a'], maxMessageBytes: 4096 },
      1779719009132431,
    );
    assert.equal(hello, undefined);
    assert.equal(
      url,
      'wss://jetstream.example/subscribe?compress=false&cursor=1779719009132431&wantedCollections=app.bsky.feed.post&wantedCollections=app.bsky.graph.*&wantedDids=did%3Aplc%3Aa&maxMessageSizeBytes=4096',
    );
    assert.throws(() => createJetstreamConnector({ url: 'https://jetstream.example' }), LiveConnectorError);
  });

  it('reads the cursor without being fooled by the record content', () => {
    assert.equal(jetstreamCursor('{"did":"d","commit":{"record":{"time_us":1}},"time_us":99}'), 99);
    assert.equal(jetstreamCursor('{"did":"d","time_us":"soon"}'), undefined);
    assert.equal(jetstreamCursor('{"time_us":99999999999999999999}'), undefined);
  });
});

/** Polls `value` until it stops changing for a while; returns it. Only a stall detector: see the test. */
async function settled(value: () => number): Promise<number> {
  let last = -1;
  let same = 0;
  for (let i = 0; i < 400 && same < 10; i++) {
    await new Promise((r) => setTimeout(r, 25));
    const v = value();
    same = v === last ? same + 1 : 0;
    last = v;
  }
  return last;
}
