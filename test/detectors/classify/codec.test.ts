import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeFloat32, decodeVarints, encodeFloat32, encodeVarints } from '../../../src/detectors/classify/codec.js';

test('delta varints and float32 round-trip', () => {
  const buckets = [0, 1, 127, 128, 300, 16384, 1 << 22, (1 << 26) - 1];
  assert.deepEqual([...decodeVarints(encodeVarints(buckets, true), buckets.length, true)], buckets);
  const counts = [1, 5, 70000, 2];
  assert.deepEqual([...decodeVarints(encodeVarints(counts, false), counts.length, false)], counts);
  const w = [0, -1.5, 3.25, 1e-7];
  assert.deepEqual([...decodeFloat32(encodeFloat32(w), w.length)], [...Float32Array.from(w)]);
  assert.throws(() => encodeVarints([3, 1], true), RangeError);
  assert.throws(() => decodeFloat32(encodeFloat32(w), 3), RangeError);
});
