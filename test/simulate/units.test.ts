import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { handleVariant, zipfExponent } from '../../src/simulate/accounts.js';
import { pyList } from '../../src/simulate/formats/csv.js';
import { bskyIds, snowflake, tid } from '../../src/simulate/ids.js';
import { rawCid } from '../../src/simulate/images.js';
import { AliasTable, Rng } from '../../src/simulate/rng.js';

describe('simulator building blocks', () => {
  it('snowflake ids are exact beyond 2^53', () => {
    for (const [high, mul, low] of [[1_478_000_000_000, 4194304, 123], [1_767_000_000_000, 65536, 65535], [5, 4194304, 0]] as const) {
      assert.equal(snowflake(high, mul, low), (BigInt(high) * BigInt(mul) + BigInt(low)).toString());
    }
  });

  it('TIDs are 13 base32-sortable characters that sort by time', () => {
    const a = tid(1_767_000_000_000_000, 5);
    const b = tid(1_767_000_000_000_001, 0);
    assert.match(a, /^[234567a-z]{13}$/);
    assert.ok(a < b);
    // The 64-bit value: microseconds << 10 | clock id.
    const v = (1_767_000_000_000_000n << 10n) | 5n;
    const alphabet = '234567abcdefghijklmnopqrstuvwxyz';
    let expected = '';
    for (let i = 12; i >= 0; i--) expected += alphabet[Number((v >> BigInt(i * 5)) & 31n)];
    assert.equal(a, expected);
  });

  it('Bluesky handles are valid domain labels', () => {
    assert.equal(bskyIds.handle('abu__fateel_'), 'abu-fateel.bsky.social');
  });

  it('the CID of a blob is CIDv1 raw sha256 (known value for empty bytes)', () => {
    assert.equal(rawCid(new Uint8Array()), 'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku');
  });

  it('pyList writes Python list literals', () => {
    assert.equal(pyList([]), '[]');
    assert.equal(pyList(['a', "it's", 'x\\y']), `['a', "it's", 'x\\\\y']`);
  });

  it('handle variants differ from the original and stay valid X handles', () => {
    const rng = new Rng('variants');
    for (const h of ['abu_alfateel', 'hares_aljamra22', 'noor', 'sada_alramad9']) {
      for (let k = 0; k < 30; k++) {
        const v = handleVariant(h, rng);
        assert.notEqual(v, h);
        assert.match(v, /^[A-Za-z0-9_]+$/);
      }
    }
  });

  it('the Zipf exponent puts the wanted share in the top 10/112', () => {
    const n = 112;
    const s = zipfExponent(n, 0.5);
    let top = 0;
    let all = 0;
    for (let r = 1; r <= n; r++) {
      all += 1 / r ** s;
      if (r <= 10) top += 1 / r ** s;
    }
    assert.ok(Math.abs(top / all - 0.5) < 1e-6);
  });

  it('the PRNG is seeded and the alias table draws by weight', () => {
    assert.equal(new Rng('x').next(), new Rng('x').next());
    assert.notEqual(new Rng('x').next(), new Rng('y').next());
    const rng = new Rng('alias');
    const table = new AliasTable([1, 3, 0, 6]);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 100_000; i++) counts[table.draw(rng)]!++;
    assert.equal(counts[2], 0);
    for (const [i, w] of [[0, 0.1], [1, 0.3], [3, 0.6]] as const) assert.ok(Math.abs(counts[i]! / 100_000 - w) < 0.01);
  });
});
