import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { BANK_FORMATS, type BankEntry, type BankFormat } from '../../src/hashing/banks/index.js';
import { runCli } from '../helpers/cli.js';
import { fixture, tempDir } from '../helpers/paths.js';

/** Each CLI run starts a process (~1.5 s of CPU under tsx): independent runs go in parallel, and the
 * format logic itself is covered in test/store/banks.test.ts. */
const canon = (entries: BankEntry[]) => entries.map((x) => JSON.stringify([x.signalType, x.signal, x.labels, x.source, x.addedAt])).sort();

describe('marsad bank and marsad match', () => {
  const tmp = tempDir();
  after(() => tmp.cleanup());

  test('import → export round-trips through the CLI (TCAP, with a deleted record, format sniffed)', async () => {
    const cases: [BankFormat, string, string][] = [['tcap-json', 'synthetic-tcap-hash-list.json', 'tcap']];
    await Promise.all(cases.map(async ([format, file, cliName]) => {
      const db = join(tmp.dir, `${format}.db`);
      const imported = await runCli(['bank', 'import', fixture('banks', file), '--bank', 'b', '--db', db, '--json']);
      assert.equal(imported.code, 3, imported.stderr); // the fixtures carry rows that must be refused
      const summary = JSON.parse(imported.stdout) as { format: string; created: boolean; errors: { line: number }[] };
      assert.equal(summary.format, format); // sniffed
      assert.equal(summary.created, true);
      assert.match(imported.stderr, new RegExp(`${file}:${summary.errors[0].line}: `));
      const exported = await runCli(['bank', 'export', '--bank', 'b', '--format', cliName, '--db', db]);
      assert.equal(exported.code, 0, exported.stderr);
      const original = BANK_FORMATS[format].parse(readFileSync(fixture('banks', file), 'utf8'));
      const back = BANK_FORMATS[format].parse(exported.stdout);
      assert.deepEqual(canon(back.entries), canon(original.entries));
      assert.deepEqual(canon(back.deleted), canon(original.deleted));
    }));
  });

  test('list, match a file, match the store, and exit codes', async () => {
    const db = join(tmp.dir, 'match.db');
    const imported = await runCli(['bank', 'import', fixture('banks', 'synthetic-pytx-signals.txt'), '--bank', 'lantern', '--format', 'pytx-signals', '--db', db]);
    assert.equal(imported.code, 3, imported.stderr);
    const [list, images, all, missing, help] = await Promise.all([
      runCli(['bank', 'list', '--db', db, '--json']),
      runCli(['match', fixture('pdq/images/blur-a-lot.jpg'), fixture('pdq/images/c.png'), '--db', db, '--json']),
      runCli(['match', '--all', '--db', db, '--json']),
      runCli(['bank', 'export', '--bank', 'nope', '--format', 'pytx-csv', '--db', db]),
      runCli(['bank', 'import', '--help']),
    ]);
    const banks = JSON.parse(list.stdout) as { name: string; enabled: boolean; byType: Record<string, number> }[];
    assert.deepEqual(banks.map((b) => [b.name, b.enabled, b.byType]), [['lantern', true, { pdq: 2, md5: 1, url: 1, raw_text: 1, sha256: 1 }]]);
    assert.equal(images.code, 0, images.stderr);
    const [edit, unrelated] = images.stdout.trim().split('\n').map((l) => JSON.parse(l) as { matches: { bank: string; signalType: string; distance: number }[] });
    // blur-a-lot is an edit of aaa-orig (the bank's first PDQ): distance 4. c.png is another picture.
    assert.deepEqual(edit.matches.map((m) => [m.bank, m.signalType, m.distance]), [['lantern', 'pdq', 4]]);
    assert.deepEqual(unrelated.matches, []);
    assert.equal(all.code, 0, all.stderr);
    assert.deepEqual(JSON.parse(all.stdout).entries, 6);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no bank named nope/);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Examples:/);
    assert.match(help.stdout, /tcap-json/);
  });
});
