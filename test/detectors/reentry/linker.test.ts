import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateReentry, FingerprintIndex, buildFingerprint, buildPrint, matchShoutout, MAX_CANDIDATES, ReentryLinker } from '../../../src/detectors/reentry/index.js';
import type { AccountId } from '../../../src/model/index.js';
import { HOUR, post, T0 } from './helpers.js';

const LANTERN = ['the lantern never goes out', 'keepers of the ember stand together', 'the grey wick burns at dawn'];

/** A small world: two members who look alike, both suspended; one returns; a friend shouts out. */
function world(linker: ReentryLinker) {
  const out = [];
  linker.onAccount({ id: 'x:old1', handle: 'ember_keeper12', displayName: 'Ember Keeper', bio: 'Keeper of the ember' }, T0);
  linker.onAccount({ id: 'x:old2', handle: 'ember_keeper57', displayName: 'Ember Keeper', bio: 'We carry the wick' }, T0);
  linker.onAccount({ id: 'x:friend', handle: 'grey_wick', displayName: 'Grey Wick' }, T0);
  for (let i = 0; i < 12; i++) {
    out.push(...linker.onPost(post('x:old1', T0 + i * HOUR, `${LANTERN[i % 3]} #EmberKeepers`, { hashtags: ['EmberKeepers'] })));
    out.push(...linker.onPost(post('x:friend', T0 + i * HOUR + 60_000, 'support the ember keepers'), 'x:old1'));
  }
  linker.onRemoved('x:old2', 'suspended', T0 + 2 * HOUR);
  linker.onRemoved('x:old1', 'suspended', T0 + 20 * HOUR);
  out.push(...linker.onAccount({ id: 'x:new', handle: 'ember_keeper13', displayName: 'Ember Keeper', bio: 'Keeper of the ember', createdAt: T0 + 26 * HOUR }, T0 + 26 * HOUR));
  out.push(...linker.onPost(post('x:friend', T0 + 27 * HOUR, 'My new account @ember_keeper13 please support and follow', { mentions: [{ handle: 'ember_keeper13' }] })));
  for (let i = 0; i < 6; i++) out.push(...linker.onPost(post('x:new', T0 + (28 + i) * HOUR, `${LANTERN[i % 3]} #EmberKeepers`, { hashtags: ['EmberKeepers'] })));
  // An ordinary account first seen after the removals.
  out.push(...linker.onAccount({ id: 'x:organic', handle: 'sophie_reads', displayName: 'Sophie', bio: 'coffee and books', createdAt: T0 - 900 * 24 * HOUR }, T0 + 30 * HOUR));
  return out;
}

describe('ReentryLinker', () => {
  it('links the new account to the right one of two look-alikes, with a shout-out, and signals once', () => {
    const linker = new ReentryLinker();
    const signals = world(linker);
    assert.equal(signals.length, 1);
    const s = signals[0]!;
    assert.equal(s.detector, 'reentry');
    assert.deepEqual(s.subject, { kind: 'account', id: 'x:new' });
    assert.equal((s.evidence.old as { id: string }).id, 'x:old1');
    const links = linker.links();
    assert.deepEqual(links.map((l) => l.newAccount), ['x:new']);
    assert.deepEqual(links[0]!.candidates.map((c) => c.old.id), ['x:old1', 'x:old2']);
    assert.equal(links[0]!.shoutouts.length, 1);
    assert.ok(links[0]!.candidates[0]!.score.features.shoutout.value > 0);
    assert.equal(links[0]!.signalAt, s.at);
  });

  it('is deterministic: the same events give the same links', () => {
    const a = new ReentryLinker();
    const b = new ReentryLinker();
    world(a);
    world(b);
    const view = (l: ReentryLinker) => JSON.stringify(l.links().map((x) => [x.newAccount, x.candidates.map((c) => [c.old.id, c.score.score])]));
    assert.equal(view(a), view(b));
  });

  it('accounts seen before any removal are not watched', () => {
    const linker = new ReentryLinker();
    linker.onAccount({ id: 'x:a', handle: 'ember_keeper1' }, T0);
    linker.onAccount({ id: 'x:b', handle: 'ember_keeper2' }, T0 + HOUR);
    linker.onRemoved('x:a', 'suspended', T0 + 2 * HOUR);
    assert.deepEqual(linker.links(), []);
  });

  it('ignores statuses that are not removals (a deactivation is the owner’s choice)', () => {
    const linker = new ReentryLinker();
    linker.onAccount({ id: 'x:a', handle: 'ember_keeper1' }, T0);
    linker.onRemoved('x:a', 'deactivated', T0 + HOUR);
    assert.equal(linker.index.size, 0);
  });
});

describe('FingerprintIndex blocking', () => {
  it('finds the look-alike among 5,000 fingerprints without scanning them', () => {
    const index = new FingerprintIndex();
    for (let i = 0; i < 5_000; i++) {
      index.add(buildFingerprint({ id: `x:${i}`, handle: `user_${(i * 7919).toString(36)}x${i}`, displayName: `Name ${i}`, bio: `bio number ${i} words ${i % 97}` }, undefined, 'suspended', T0));
    }
    index.add(buildFingerprint({ id: 'x:target', handle: 'ember_keeper12', displayName: 'Ember Keeper' }, undefined, 'suspended', T0));
    const found = index.candidates(buildPrint({ id: 'x:new', handle: 'ember.keeper13' }, undefined));
    const ids = [...found.keys()].map((i) => index.prints[i]!.id);
    assert.ok(ids.includes('x:target'));
    assert.ok(found.size <= MAX_CANDIDATES);
  });
});

describe('shout-outs', () => {
  const cases: [string, number][] = [
    ['حسابي الجديد @x ادعموه', 1], ['تابعوا الحساب الجديد @x', 1], ['ادعموا @x', 0.5], ['My new account @x', 1],
    ['Mon nouveau compte @x', 1], ['Mein neuer Account @x', 1], ['Mijn nieuw account @x', 1], ['Мой новый аккаунт @x', 1],
    ['هەژماری نوێم @x', 1], ['Hesabê min ê nû @x', 1], ['please follow @x', 0.5], ['lovely weather @x', 0],
  ];
  for (const [text, strength] of cases) it(text, () => assert.equal(matchShoutout(text)?.strength ?? 0, strength));
});

describe('evaluateReentry', () => {
  it('counts precision@1, recall and the delay from the first post', () => {
    const truth = { reentries: [
      { old: 'x:o1', new: 'x:n1' }, { old: 'x:o2', new: 'x:n2' }, { old: 'x:o3', new: 'x:n3' },
    ] as never };
    const ev = evaluateReentry(truth, [
      { newAccount: 'x:n1', ranked: ['x:o1'], score: 0.9, signalAt: 100, firstPostAt: 40 },
      { newAccount: 'x:n2', ranked: ['x:o3', 'x:o2'], score: 0.8 },
      { newAccount: 'x:n3', ranked: ['x:o3'], score: 0.2 },
      { newAccount: 'x:organic', ranked: ['x:o1'], score: 0.95 },
    ], 0.7);
    assert.equal(ev.flagged, 3);
    assert.equal(ev.correctAt1, 1);
    assert.equal(ev.precisionAt1, 0.333);
    assert.equal(ev.recall, 0.333);
    assert.equal(ev.recallAtK, 1);
    assert.equal(ev.medianDelayMs, 60);
    assert.deepEqual(ev.wrong, ['x:n2', 'x:organic'] as AccountId[]);
  });
});
