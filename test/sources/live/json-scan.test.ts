import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { topLevelScalar } from '../../../src/sources/live/json-scan.js';
import { fixture } from '../../helpers/paths.js';

describe('topLevelScalar', () => {
  it('reads time_us from every real Jetstream event exactly as JSON.parse does', () => {
    const lines = readFileSync(fixture('formats/bluesky-jetstream/golden_v1.jsonl'), 'utf8').split('\n').filter(Boolean);
    assert.equal(lines.length, 10);
    for (const line of lines) {
      assert.equal(topLevelScalar(line, 'time_us'), String((JSON.parse(line) as { time_us: number }).time_us));
    }
  });

  it('is not fooled by decoys in strings or nested objects', () => {
    const tricky =
      '{"did":"x \\"time_us\\":1 \\\\","commit":{"time_us":2,"record":{"text":"\\"time_us\\":3"}},"arr":[{"time_us":4}],"time_us":5}';
    assert.equal(topLevelScalar(tricky, 'time_us'), '5');
    assert.equal(topLevelScalar('{"a":{"id":"no"},"id":"109876543210"}', 'id'), '109876543210');
    assert.equal(topLevelScalar('{ "id" : "a\\u0062c" }', 'id'), 'abc');
  });

  it('falls back to a full parse, and answers undefined when there is nothing usable', () => {
    assert.equal(topLevelScalar('{"time\\u005fus":42}', 'time_us'), '42');
    assert.equal(topLevelScalar('{"time_us":null}', 'time_us'), undefined);
    assert.equal(topLevelScalar('{"other":1}', 'time_us'), undefined);
    assert.equal(topLevelScalar('not json', 'time_us'), undefined);
    assert.equal(topLevelScalar('{"time_us":', 'time_us'), undefined);
    assert.equal(topLevelScalar('[{"time_us":1}]', 'time_us'), undefined);
  });
});
