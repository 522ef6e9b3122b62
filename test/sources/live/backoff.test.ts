import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Backoff, sleep } from '../../../src/sources/live/backoff.js';

describe('Backoff', () => {
  it('grows exponentially from initialMs and stops at the cap', () => {
    const b = new Backoff({ initialMs: 100, maxMs: 1000, factor: 2, jitter: 0 });
    assert.deepEqual(
      Array.from({ length: 7 }, () => b.failed()),
      [100, 200, 400, 800, 1000, 1000, 1000],
    );
    assert.equal(b.attempts, 7);
  });

  it('randomises only the jitter fraction, and never exceeds the cap', () => {
    const low = new Backoff({ initialMs: 1000, maxMs: 5000, jitter: 0.5, random: () => 0 });
    const high = new Backoff({ initialMs: 1000, maxMs: 5000, jitter: 0.5, random: () => 0.999999 });
    assert.deepEqual([low.failed(), low.failed(), low.failed(), low.failed()], [500, 1000, 2000, 2500]);
    assert.deepEqual([high.failed(), high.failed(), high.failed(), high.failed()], [1000, 2000, 4000, 5000]);
  });

  it('starts over after a connection that stayed healthy, not after a short one', () => {
    let now = 0;
    const b = new Backoff({ initialMs: 10, maxMs: 10_000, jitter: 0, healthyAfterMs: 1000, now: () => now });
    b.failed();
    b.failed();
    b.connected();
    now += 999; // not long enough
    assert.equal(b.failed(), 40);
    b.connected();
    now += 1000;
    assert.equal(b.failed(), 10);
    assert.equal(b.attempts, 1);
  });

  it('survives absurd attempt counts without NaN or Infinity', () => {
    const b = new Backoff({ initialMs: 1, maxMs: 50, jitter: 0 });
    for (let i = 0; i < 2000; i++) b.failed();
    assert.equal(b.failed(), 50);
  });

  it('rejects nonsense options', () => {
    assert.throws(() => new Backoff({ jitter: 2 }), RangeError);
    assert.throws(() => new Backoff({ factor: 0.5 }), RangeError);
  });
});

describe('sleep', () => {
  it('ends early, resolving false, when the signal aborts', async () => {
    const ac = new AbortController();
    const p = sleep(60_000, ac.signal);
    ac.abort();
    assert.equal(await p, false);
    assert.equal(await sleep(1, new AbortController().signal), true);
    assert.equal(await sleep(60_000, AbortSignal.abort()), false);
  });
});
