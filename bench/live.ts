/**
 * Live connectors bench: the cost of reading a cursor without a full parse (vs JSON.parse), the SSE
 * parser (vs splitting the same text into lines), and Jetstream end to end over loopback WebSocket
 * (connector into a no-op onRecord, vs a bare `ws` client counting messages from the same server).
 * Server and client share one process, so the loopback figures include the server's cost on both sides.
 *
 *   npx tsx bench/live.ts            # default run
 *   npx tsx bench/live.ts --quick
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { createJetstreamConnector } from '../src/sources/live/jetstream.js';
import { topLevelScalar } from '../src/sources/live/json-scan.js';
import { SseParser } from '../src/sources/live/sse.js';
import { fixture } from '../test/helpers/paths.js';
import type { BenchRow } from './types.js';

const AREA = 'live';
const FIXTURE = readFileSync(fixture('formats/bluesky-jetstream/golden_v1.jsonl'), 'utf8').split('\n').filter(Boolean);

/** `n` Jetstream events cycling through the real fixture, with increasing time_us. */
function jetstreamLines(n: number): string[] {
  // Through a Buffer, so each string is flat, as one decoded from a socket is (`replace` builds ropes).
  return Array.from({ length: n }, (_, i) =>
    Buffer.from(FIXTURE[i % FIXTURE.length].replace(/"time_us":\d+/, `"time_us":${1_779_719_000_000_000 + i}`)).toString(),
  );
}

function perSecond(n: number, fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return n / (Number(process.hrtime.bigint() - t0) / 1e9);
}

function cursorRows(quick: boolean): BenchRow[] {
  const lines = jetstreamLines(quick ? 200_000 : 500_000);
  let sink = 0;
  for (let i = 0; i < 20_000; i++) sink += topLevelScalar(lines[i], 'time_us')!.length + (JSON.parse(lines[i]) as { time_us: number }).time_us;
  const scan = perSecond(lines.length, () => {
    for (const l of lines) sink += topLevelScalar(l, 'time_us')!.length;
  });
  const parse = perSecond(lines.length, () => {
    for (const l of lines) sink += String((JSON.parse(l) as { time_us: number }).time_us).length;
  });
  if (sink === 0) throw new Error('unreachable');
  return [{ area: AREA, name: 'jetstream cursor scan', value: scan, unit: 'events/s', baseline: { name: 'JSON.parse', value: parse }, ratio: scan / parse }];
}

function sseRows(quick: boolean): BenchRow[] {
  const n = quick ? 20_000 : 100_000;
  const data = JSON.stringify({ id: '110000000000000000', content: `<p>${'word '.repeat(300)}</p>`, account: { acct: 'tester' } });
  const text = Array.from({ length: n }, () => `:thump\nevent: update\ndata: ${data}\n\n`).join('');
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += 65_536) chunks.push(text.slice(i, i + 65_536));
  let events = 0;
  const sse = perSecond(n, () => {
    const p = new SseParser();
    for (const c of chunks) events += p.push(c).length;
  });
  if (events !== n) throw new Error(`SSE parser found ${events} of ${n} events`);
  let lines = 0;
  const split = perSecond(n, () => {
    for (const c of chunks) lines += c.split('\n').length;
  });
  if (lines === 0) throw new Error('unreachable');
  const mb = (text.length / 1e6).toFixed(0);
  return [{ area: AREA, name: 'mastodon sse parse', value: sse, unit: 'events/s', baseline: { name: 'split lines', value: split }, ratio: sse / split, note: `${n} events of ~${data.length} chars, ${mb} MB` }];
}

/** A server that sends `lines` to each client as fast as the socket takes them. */
async function blaster(lines: string[]): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer();
  const wss = new WebSocketServer({ server });
  wss.on('connection', async (ws) => {
    for (let i = 0; i < lines.length && ws.readyState === ws.OPEN; i++) {
      if (i % 500 === 499) await new Promise((r) => ws.send(lines[i], r));
      else ws.send(lines[i]);
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/subscribe`,
    close: () =>
      new Promise<void>((r) => {
        for (const c of wss.clients) c.terminate();
        server.close(() => r());
      }),
  };
}

async function loopbackRows(quick: boolean): Promise<BenchRow[]> {
  const lines = jetstreamLines(quick ? 50_000 : 200_000);
  const server = await blaster(lines);
  const bare = (): Promise<number> =>
    timed(lines.length, (done) => {
      let n = 0;
      const ws = new WebSocket(server.url);
      ws.on('message', () => {
        if (++n === lines.length) {
          ws.terminate();
          done();
        }
      });
    });
  const connector = (): Promise<number> =>
    timed(lines.length, (done) => {
      const ac = new AbortController();
      let n = 0;
      void createJetstreamConnector({ url: server.url }).run({
        signal: ac.signal,
        onRecord: () => {
          if (++n === lines.length) {
            ac.abort();
            done();
          }
        },
      });
    });
  try {
    // Alternate and keep the best of two: the first run also pays for JIT warm-up.
    let raw = 0;
    let ours = 0;
    for (let i = 0; i < 2; i++) {
      raw = Math.max(raw, await bare());
      ours = Math.max(ours, await connector());
    }
    return [{ area: AREA, name: 'jetstream loopback', value: ours, unit: 'events/s', baseline: { name: 'bare ws client', value: raw }, ratio: ours / raw, note: `${lines.length} events, best of 2` }];
  } finally {
    await server.close();
  }
}

function timed(n: number, start: (done: () => void) => void): Promise<number> {
  const t0 = process.hrtime.bigint();
  return new Promise((resolve) => start(() => resolve(n / (Number(process.hrtime.bigint() - t0) / 1e9))));
}

export async function run(opts: { quick: boolean }): Promise<BenchRow[]> {
  return [...cursorRows(opts.quick), ...sseRows(opts.quick), ...(await loopbackRows(opts.quick))];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await run({ quick: process.argv.includes('--quick') })) console.log(JSON.stringify(row));
}
