import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runDemo } from '../../src/pipeline/demo.js';
import { tempDir } from '../helpers/paths.js';

const tmp = tempDir();
after(() => tmp.cleanup());

test('the demo: a simulated world ingests with no dead letters and every detector finds what the truth says', async () => {
  const report = await runDemo({ dir: join(tmp.dir, 'world'), db: join(tmp.dir, 'demo.db'), accounts: 1200, days: 2, seed: 'demo-test' });
  assert.equal(report.ingest.deadLetters, 0);
  assert.equal(report.ingest.posts, report.world.posts);
  const e = report.evaluation;
  assert.deepEqual(Object.keys(e).sort(), ['amplification', 'classify', 'coordination', 'hijack', 'match', 'reentry']);
  // Floors well under what the demo measures (see the closing notes), so that a regression fails.
  const floors: Record<string, [number, number]> = { coordination: [0.9, 0.8], match: [0.9, 0.8], classify: [0.9, 0.6], amplification: [0.9, 0.8] };
  for (const [name, [precision, recall]] of Object.entries(floors)) {
    assert.ok(e[name]!.precision >= precision && e[name]!.recall >= recall, `${name}: ${JSON.stringify(e[name])}`);
  }
  assert.ok(e.reentry!.precisionAt1 !== undefined);
});
