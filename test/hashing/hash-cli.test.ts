import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/cli.js';
import { fixture } from '../helpers/paths.js';

// Each run starts a process (~2 s under tsx), so the cases are packed into three runs.
const orig = fixture('pdq/images/aaa-orig.jpg');

test('marsad hash prints "<hash> <quality>" for one file', async () => {
  const r = await runCli(['hash', orig]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22 100\n');
});

test('marsad hash --json: one object per file, dihedral variants, partial failure exits 3', async () => {
  const small = fixture('pdq/images/small.jpg');
  const r = await runCli(['hash', '--json', '--dihedral', orig, small, fixture('pdq/missing.jpg')]);
  assert.equal(r.code, 3);
  const [a, b, missing] = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual([a.quality, b.quality], [100, 0]);
  assert.equal(b.hash, '0007001f003f003f007f00ff00ff00ff01ff01ff01ff03ff03ff03ff03ff03ff');
  assert.equal(Object.keys(a.dihedral).length, 8);
  assert.equal(a.dihedral.original, a.hash);
  assert.equal(missing.error.code, 'fetch_failed');
  assert.match(r.stderr, /missing\.jpg/);
});

test('marsad hash refuses an unknown --type with exit 2', async () => {
  const r = await runCli(['hash', '--type', 'tlsh', orig]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--type must be one of/);
});
