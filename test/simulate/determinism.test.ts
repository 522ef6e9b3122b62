import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, describe, it } from 'node:test';
import { makeWorld, type World } from './helpers.js';

/** Every file under `dir` with the sha256 of its bytes. */
function digest(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

const worlds: World[] = [];
after(() => worlds.forEach((w) => w.cleanup()));
const world = async (seed: string, format: 'x-v2' | 'jetstream' | 'mastodon' | 'csv', images = false): Promise<World> => {
  const w = await makeWorld({ accounts: 400, days: 1, seed, format, images });
  worlds.push(w);
  return w;
};

describe('simulate is deterministic', () => {
  for (const format of ['x-v2', 'jetstream', 'mastodon', 'csv'] as const) {
    it(`one seed writes byte-identical ${format} output`, async () => {
      const images = format === 'jetstream';
      const a = digest((await world('same', format, images)).dir);
      const b = digest((await world('same', format, images)).dir);
      assert.ok(Object.keys(a).length >= (images ? 20 : 4), JSON.stringify(Object.keys(a)));
      assert.deepEqual(a, b);
    });
  }

  it('another seed writes another world', async () => {
    const a = digest((await world('one', 'x-v2')).dir);
    const b = digest((await world('two', 'x-v2')).dir);
    assert.notEqual(a['tweets.jsonl'], b['tweets.jsonl']);
  });
});
