import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Account, AccountId, Post, PostId } from '../../src/model/index.js';
import { analyzeAccounts, scoreAccount, writeAccountsOutput } from '../../src/pipeline/accounts.js';
import { openStore, type Store } from '../../src/store/db.js';
import { IngestWriter } from '../../src/store/ingest-writer.js';
import { listCampaigns, listSignals } from '../../src/store/signals.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';

const T0 = Date.UTC(2026, 0, 5);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const id = (s: string) => `x:${s}` as AccountId;
const account = (s: string, fields: Partial<Account>): Account => ({ id: id(s), platform: 'x', observedAt: T0, status: 'active', ...fields });
let seq = 0;
const post = (author: string, at: number, text: string, extra: Partial<Post> = {}): Post => ({
  id: `x:${++seq}` as PostId, platform: 'x', authorId: id(author), createdAt: at, text, hashtags: [], urls: [], mentions: [], media: [], ...extra,
});

/** A hand-built world written through the real store writer. */
function fill(store: Store): void {
  const w = new IngestWriter(store.sqlite);
  w.begin();
  w.writeAccount(account('old', { handle: 'ember_keeper12', displayName: 'Ember Keeper', bio: 'Keeper of the ember', createdAt: T0 - 300 * DAY, followers: 900, following: 400 }));
  w.writeAccount(account('twin', { handle: 'ember_keeper57', displayName: 'Ember Keeper', bio: 'We carry the wick', createdAt: T0 - 200 * DAY }));
  w.writeAccount(account('friend', { handle: 'grey_wick', displayName: 'Grey Wick', createdAt: T0 - 100 * DAY, bio: 'wick' }));
  // Removed by status only (an import without events), and missing every profile field.
  w.writeAccount(account('gone', { status: 'deleted', observedAt: T0 + HOUR }));
  w.writeAccount(account('cust', { handle: 'star_singer', displayName: 'Star', bio: 'singer', createdAt: T0 - 900 * DAY, followers: 800, following: 300 }));
  for (let i = 0; i < 10; i++) {
    w.writePost(post('old', T0 + i * HOUR, 'the lantern never goes out #EmberKeepers', { hashtags: ['EmberKeepers'] }), null, T0);
    w.writePost(post('cust', T0 + i * HOUR + 1, `song number ${i}`), null, T0);
  }
  w.writeAccountEvent({ accountId: id('twin'), kind: 'status', at: T0 + 2 * HOUR, status: 'suspended' }, null);
  w.writeAccountEvent({ accountId: id('old'), kind: 'status', at: T0 + 20 * HOUR, status: 'suspended' }, null);
  w.writeAccount(account('new', { handle: 'ember_keeper13', displayName: 'Ember Keeper', bio: 'Keeper of the ember', createdAt: T0 + 26 * HOUR, observedAt: T0 + 26 * HOUR }));
  w.writePost(post('friend', T0 + 27 * HOUR, 'My new account @ember_keeper13 please support', { mentions: [{ id: id('new'), handle: 'ember_keeper13' }] }), null, T0);
  for (let i = 0; i < 5; i++) w.writePost(post('new', T0 + (28 + i) * HOUR, 'the lantern never goes out #EmberKeepers', { hashtags: ['EmberKeepers'] }), null, T0);
  // A bot batch: created minutes apart, default profiles, reposting the customer every 3 hours.
  for (let b = 0; b < 8; b++) {
    const bot = `bot${b}`;
    w.writeAccount(account(bot, { handle: `gain${40_000_000 + b * 13}`, displayName: `gain${300 + b}`, defaultAvatar: true, createdAt: T0 - 5 * DAY + b * 60_000, followers: 2, following: 250 }));
    w.writeRelation({ kind: 'follow', action: 'created', from: id(bot), to: id('cust'), at: T0 + b * 1000, platform: 'x' }, null);
    for (let k = 0; k < 10; k++) w.writePost(post(bot, T0 + 3 * HOUR * (k + 1) + b * 500, '', { repostOf: `x:${2 * k + 2}` as PostId }), null, T0);
  }
  w.commit();
}

describe('accounts pipeline on a real store', () => {
  const tmp = tempDir();
  const db = join(tmp.dir, 'marsad.db');
  let store: Store;
  before(async () => {
    store = await openStore(db);
    fill(store);
  });
  after(async () => {
    await store.close();
    tmp.cleanup();
  });

  it('links the returning account to the right removed one, at event time', () => {
    const a = analyzeAccounts(store);
    assert.equal(a.reentry.fingerprints, 3);
    const link = a.reentry.links.find((l) => l.newAccount === id('new'));
    assert.ok(link);
    assert.equal(link.candidates[0]!.old.id, id('old'));
    assert.equal(link.shoutouts.length, 1);
    assert.equal(a.reentry.signals.length, 1);
    assert.ok(a.reentry.signals[0]!.at >= T0 + 26 * HOUR);
  });

  it('finds the bot batch and its customer as an amplification campaign', () => {
    const a = analyzeAccounts(store);
    assert.equal(a.amplification.campaigns.length, 1);
    const c = a.amplification.campaigns[0]!;
    assert.deepEqual(c.summary.customers, [id('cust')]);
    assert.equal((c.summary.bots as string[]).length, 8);
    assert.ok(a.amplification.scores.get(id('bot0'))!.score > a.amplification.scores.get(id('friend'))!.score);
  });

  it('writes signals and campaigns, idempotently', () => {
    for (let run = 0; run < 2; run++) {
      const a = analyzeAccounts(store);
      writeAccountsOutput(store, [...a.reentry.signals, ...a.amplification.signals], a.amplification.campaigns);
    }
    assert.equal(listSignals(store, { detector: 'reentry' }).length, 1);
    assert.equal(listCampaigns(store, 'amplification').length, 1);
    assert.equal(listSignals(store, { detector: 'amplification' }).filter((s) => s.detector === 'amplification').length, 9);
  });

  it('scores one account from its posts', () => {
    const r = scoreAccount(store, id('bot3'));
    assert.ok(r);
    assert.equal(r.stats.posts, 10);
    assert.equal(r.score.features.repostShare.value, 1);
    assert.equal(scoreAccount(store, 'x:nobody'), undefined);
  });

  it('CLI: reentry side by side, score --json, a missing account', async () => {
    // Each CLI run is a child process (seconds on a busy machine): three cover the command surface.
    const text = await runCli(['accounts', 'reentry', '--db', db]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /handle\s+ember_keeper12\s+ember_keeper13/);
    assert.match(text.stdout, /shoutouts 1/);
    const sc = await runCli(['accounts', 'score', id('bot1'), '--db', db, '--json']);
    assert.equal(sc.code, 0, sc.stderr);
    assert.ok((JSON.parse(sc.stdout) as { score: number }).score > 0.5);
    const missing = await runCli(['accounts', 'score', 'x:nobody', '--db', db]);
    assert.equal(missing.code, 2);
  });
});
