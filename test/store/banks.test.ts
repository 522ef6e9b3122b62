import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BANK_FORMATS, parseHmaCsv, type BankEntry, type BankFormat } from '../../src/hashing/banks/index.js';
import {
  addEntries, BankError, createBank, deleteBank, exportBankText, importBankText, iterateMatchEntries, listBanks, listEntries, removeEntries,
  setBankEnabled,
} from '../../src/store/banks.js';
import { openStore, type Store } from '../../src/store/db.js';
import { fixture, tempDir } from '../helpers/paths.js';

const PDQ = 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22';
const e = (signalType: string, signal: string, labels: Partial<BankEntry['labels']> = {}): BankEntry => ({ signalType, signal, labels: { tags: [], ...labels } });

/** Entries as comparable strings, order-free. */
const canon = (entries: BankEntry[]) => entries.map((x) => JSON.stringify([x.signalType, x.signal, x.labels.group, x.labels.contentType,
  x.labels.category, [...x.labels.tags].sort(), x.source, x.addedAt])).sort();

describe('bank repository', () => {
  const tmp = tempDir();
  let store: Store;
  before(async () => (store = await openStore(join(tmp.dir, 'banks.db'))));
  after(async () => {
    await store.close();
    tmp.cleanup();
  });

  test('create, list with counts per type, enable/disable, delete', async () => {
    const bank = await createBank(store.db, { name: 'nlb-posters', description: 'posters' }, 1000);
    assert.equal(bank.enabled, true);
    assert.equal(bank.createdAt, 1000);
    await assert.rejects(createBank(store.db, { name: 'nlb-posters' }), (err: BankError) => err.code === 'bank_exists');
    await assert.rejects(createBank(store.db, { name: 'has space' }), (err: BankError) => err.code === 'bad_bank_name');
    await createBank(store.db, { name: 'other', enabled: false });
    await addEntries(store.db, 'nlb-posters', [e('pdq', PDQ), e('md5', '5d41402abc4b2a76b9719d911017c592'), e('url', 'lantern-brigade.example')]);
    const [posters, other] = await listBanks(store.db);
    assert.deepEqual([posters.name, posters.entries, posters.byType, other.name, other.enabled, other.entries], ['nlb-posters', 3, { pdq: 1, md5: 1, url: 1 }, 'other', false, 0]);
    assert.equal(await setBankEnabled(store.db, 'other', true), true);
    assert.equal(await setBankEnabled(store.db, 'missing', true), false);
    assert.equal(await deleteBank(store.db, 'other'), 0);
    assert.equal(await deleteBank(store.db, 'other'), undefined);
    assert.deepEqual((await listBanks(store.db)).map((b) => b.name), ['nlb-posters']);
  });

  test('adding is idempotent on (bank, type, signal); signals are normalised first', async () => {
    await createBank(store.db, { name: 'idem' });
    const first = await addEntries(store.db, 'idem', [e('pdq', PDQ.toUpperCase(), { group: 'nlb' }), e('pdq', PDQ, { tags: ['poster'] })]);
    assert.deepEqual(first, { added: 1, updated: 0 });
    const again = await addEntries(store.db, 'idem', [e('pdq', ` ${PDQ} `, { category: 'POSITIVE_CLASS' }), e('md5', PDQ.slice(0, 32))]);
    assert.deepEqual(again, { added: 1, updated: 1 });
    const entries = await listEntries(store.db, 'idem');
    assert.equal(entries.length, 2);
    // Labels given later replace, labels not given are kept.
    assert.deepEqual(entries[0].labels, { tags: ['poster'], category: 'POSITIVE_CLASS' });
    await assert.rejects(addEntries(store.db, 'idem', [e('pdq', 'nothex')]), (err: BankError) => err.code === 'bad_signal');
    await assert.rejects(addEntries(store.db, 'nobank', [e('pdq', PDQ)]), (err: BankError) => err.code === 'bank_not_found');
  });

  test('removed entries become tombstones: not matched, kept for export, revived by a re-add', async () => {
    await createBank(store.db, { name: 'tomb' });
    await addEntries(store.db, 'tomb', [e('pdq', PDQ), e('raw_text', 'share release 42 of the northern lantern brigade')]);
    assert.equal(await removeEntries(store.db, 'tomb', [{ signalType: 'pdq', signal: PDQ }, { signalType: 'pdq', signal: 'bad' }]), 1);
    assert.equal(await removeEntries(store.db, 'tomb', [{ signalType: 'pdq', signal: PDQ }]), 0);
    const summary = (await listBanks(store.db)).find((b) => b.name === 'tomb')!;
    assert.deepEqual([summary.entries, summary.deleted], [1, 1]);
    assert.equal((await listEntries(store.db, 'tomb', { includeDeleted: true })).filter((x) => x.deleted).length, 1);
    const live = [];
    for await (const x of iterateMatchEntries(store.db, { banks: ['tomb'] })) live.push(x.signalType);
    assert.deepEqual(live, ['raw_text']);
    await addEntries(store.db, 'tomb', [e('pdq', PDQ)]);
    assert.equal((await listEntries(store.db, 'tomb')).length, 2);
  });

  test('iterateMatchEntries reads enabled banks only, in pages', async () => {
    await createBank(store.db, { name: 'paged' });
    await addEntries(store.db, 'paged', Array.from({ length: 1203 }, (_, i) => e('md5', i.toString(16).padStart(32, '0'))));
    await setBankEnabled(store.db, 'paged', false);
    const count = async (opts: Parameters<typeof iterateMatchEntries>[1]) => {
      let n = 0;
      for await (const _ of iterateMatchEntries(store.db, opts)) n++;
      return n;
    };
    const enabledBefore = await count({ pageSize: 100 });
    await setBankEnabled(store.db, 'paged', true);
    assert.equal(await count({ pageSize: 100 }), enabledBefore + 1203);
    assert.equal(await count({ banks: ['paged'], pageSize: 7 }), 1203);
  });

  const FILES: [BankFormat, string][] = [
    ['pytx-csv', 'synthetic-pytx.csv'],
    ['pytx-file', 'synthetic-pytx-signals.txt'],
    ['hma-csv', 'synthetic-hma-legacy.csv'],
    ['tcap-json', 'synthetic-tcap-hash-list.json'],
  ];
  for (const [format, file] of FILES) {
    test(`${format}: import → store → export round-trips (${file})`, async () => {
      const text = readFileSync(fixture('banks', file), 'utf8');
      const parsed = BANK_FORMATS[format].parse(text);
      assert.ok(parsed.entries.length > 0 && parsed.errors.length > 0, 'the fixture has good and bad rows');
      const name = `rt-${format}`;
      const imported = await importBankText(store.db, name, text, { fileName: file }); // format sniffed
      assert.deepEqual([imported.format, imported.created, imported.added, imported.deleted, imported.errors.length],
        [format, true, parsed.entries.length, parsed.deleted.length, parsed.errors.length]);
      const again = await importBankText(store.db, name, text, { format });
      assert.deepEqual([again.added, again.updated, again.created], [0, parsed.entries.length, false]);
      const exported = await exportBankText(store.db, name, format);
      assert.equal(exported.skipped, 0);
      const out = BANK_FORMATS[format].parse(exported.text);
      assert.deepEqual(canon(out.entries), canon(parsed.entries));
      assert.deepEqual(canon(out.deleted), canon(parsed.deleted));
      assert.deepEqual(out.errors, []);
    });
  }

  test('export skips what a format cannot carry', async () => {
    const r = await exportBankText(store.db, 'rt-pytx-csv', 'hma-csv');
    assert.equal(r.written, 2); // the two PDQ rows
    assert.equal(r.skipped, 5);
    assert.equal(parseHmaCsv(r.text).entries.length, 2);
  });
});
