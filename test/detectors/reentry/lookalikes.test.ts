/**
 * Look-alike tie-breaking: several removed members share a name pattern, a language and a slogan;
 * what tells them apart is tested here — one-to-one assignment, behaviour against the crowd, spelling
 * variants of the handle, and shout-outs from the old account's own circle.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BIAS, buildFingerprint, buildPrint, fillFromLookalikes, FEATURES, ReentryLinker, scoreLink, WEIGHTS,
  type Feature, type LinkScore,
} from '../../../src/detectors/reentry/index.js';
import { HOUR, post, T0 } from './helpers.js';

/** Two look-alikes removed; two new accounts; the second one's handle got random digits. */
function twoReturns(linker: ReentryLinker) {
  linker.onAccount({ id: 'x:a', handle: 'ember_keeper12', displayName: 'Ember Keeper', bio: 'Keeper of the ember' }, T0);
  linker.onAccount({ id: 'x:b', handle: 'ember_keeper57', displayName: 'Ember Keeper', bio: 'We carry the wick' }, T0);
  linker.onRemoved('x:a', 'suspended', T0 + 10 * HOUR);
  linker.onRemoved('x:b', 'suspended', T0 + 11 * HOUR);
  // The return of a: digits incremented, same bio. The return of b: platform-suggested digits, and it
  // took a's bio this time — alone, it would be read as a's return too.
  linker.onAccount({ id: 'x:n1', handle: 'ember_keeper13', displayName: 'Ember Keeper', bio: 'Keeper of the ember', createdAt: T0 + 20 * HOUR }, T0 + 20 * HOUR);
  linker.onAccount({ id: 'x:n2', handle: 'ember_keeper4471', displayName: 'Ember Keeper', bio: 'Keeper of the ember', createdAt: T0 + 21 * HOUR }, T0 + 21 * HOUR);
}

describe('one-to-one: a removed account returns once', () => {
  it('the weaker claim on a contested old account falls to its next candidate, marked', () => {
    const loose = new ReentryLinker({ oneToOne: false });
    twoReturns(loose);
    const looseTop = new Map(loose.links().map((l) => [l.newAccount, l.candidates[0]!.old.id]));
    assert.equal(looseTop.get('x:n1'), 'x:a');
    assert.equal(looseTop.get('x:n2'), 'x:a', 'scored alone, both new accounts pick a');

    const linker = new ReentryLinker();
    twoReturns(linker);
    const links = new Map(linker.links().map((l) => [l.newAccount, l]));
    assert.equal(links.get('x:n1')!.candidates[0]!.old.id, 'x:a');
    const n2 = links.get('x:n2')!.candidates;
    assert.equal(n2[0]!.old.id, 'x:b');
    const taken = n2.find((c) => c.old.id === 'x:a');
    assert.equal(taken?.takenBy?.newAccount, 'x:n1');
  });

  it('a live signal does not hand out an old account a stronger signal already claimed', () => {
    const linker = new ReentryLinker({ threshold: 0.25 });
    linker.onAccount({ id: 'x:a', handle: 'ember_keeper12', displayName: 'Ember Keeper', bio: 'Keeper of the ember' }, T0);
    linker.onAccount({ id: 'x:b', handle: 'ember_keeper57', displayName: 'Ember Keeper', bio: 'We carry the wick' }, T0);
    linker.onRemoved('x:a', 'suspended', T0 + 10 * HOUR);
    linker.onRemoved('x:b', 'suspended', T0 + 11 * HOUR);
    const first = linker.onAccount({ id: 'x:n1', handle: 'ember_keeper12_', displayName: 'Ember Keeper', bio: 'Keeper of the ember', createdAt: T0 + 20 * HOUR }, T0 + 20 * HOUR);
    const second = linker.onAccount({ id: 'x:n2', handle: 'ember_keeper4471', displayName: 'Ember Keeper', bio: 'Keeper of the ember', createdAt: T0 + 21 * HOUR }, T0 + 21 * HOUR);
    assert.equal((first[0]?.evidence.old as { id: string }).id, 'x:a');
    assert.equal(second.length, 1);
    assert.equal((second[0]!.evidence.old as { id: string }).id, 'x:b');
  });
});

/** A score with the given feature values and each contribution = weight × value. */
function score(values: Partial<Record<Feature, number>>): LinkScore {
  const features = Object.fromEntries(FEATURES.map((f) => [f, { value: values[f] ?? 0, contribution: WEIGHTS[f] * (values[f] ?? 0) }])) as LinkScore['features'];
  const z = BIAS + FEATURES.reduce((s, f) => s + features[f].contribution, 0);
  return { score: 1 / (1 + Math.exp(-z)), logit: z, features, patterns: [] };
}

describe('behaviour against look-alikes', () => {
  it('a quiet candidate gets the crowd’s typical behaviour, not 0: only more-alike-than-the-crowd gains', () => {
    const quiet = score({ handle: 1, style: 0 });
    const crowd = [0.6, 0.6, 0.6, 0.6].map((style) => score({ handle: 0.5, style }));
    const [q, ...rest] = fillFromLookalikes([quiet, ...crowd]);
    // 4 others at 0.6, shrunk by 4 / (4 + 2): typical 0.4.
    assert.equal(q!.features.style.contribution, Math.round(WEIGHTS.style * 0.4 * 1000) / 1000);
    assert.match(q!.features.style.detail ?? '', /look-alikes/);
    assert.equal(q!.features.style.value, 0, 'the value shown stays what was measured');
    for (const s of rest) assert.equal(s.features.style.contribution, WEIGHTS.style * 0.6);
    assert.ok(Math.abs(q!.logit - (quiet.logit + WEIGHTS.style * 0.4)) < 0.01);
    assert.ok(q!.logit > rest[0]!.logit, 'the matching handle decides, not who posted more');
  });

  it('leaves scores alone when the crowd is too small to say what is typical', () => {
    const input = [score({ style: 0 }), score({ style: 0.6 }), score({ style: 0.6 })];
    const out = fillFromLookalikes(input);
    assert.deepEqual(out.map((s) => s.features.style.contribution), input.map((s) => s.features.style.contribution));
  });

  it('without posts on the new account there is nothing to fill in', () => {
    const input = [0, 0, 0, 0, 0].map(() => score({ handle: 0.5 }));
    assert.deepEqual(fillFromLookalikes(input).map((s) => s.logit), input.map((s) => Math.round(s.logit * 1000) / 1000));
  });
});

describe('shout-outs from the old account’s own circle', () => {
  it('count more from a friend particular to that account than from a hub every member knows', () => {
    const fp = buildFingerprint({ id: 'x:old', handle: 'abu_omar' }, undefined, 'suspended', T0);
    fp.neighbours = ['x:friend', 'x:hub'];
    const p = buildPrint({ id: 'x:new', handle: 'abu_omar2', createdAt: T0 + HOUR }, undefined);
    const df = new Map([['x:friend', 1], ['x:hub', 100]]);
    const shout = (author: string) => [{ post: 'x:p', author, at: T0 + 2 * HOUR, strength: 1, phrase: 'new account' }];
    const friend = scoreLink(fp, p, { df, n: 100, shoutouts: shout('x:friend') }).features.shoutout.value;
    const hub = scoreLink(fp, p, { df, n: 100, shoutouts: shout('x:hub') }).features.shoutout.value;
    const stranger = scoreLink(fp, p, { df, n: 100, shoutouts: shout('x:someone') }).features.shoutout.value;
    assert.equal(friend, 1);
    assert.ok(hub < 0.8 && hub >= stranger, `hub ${hub}, stranger ${stranger}`);
    assert.equal(stranger, 0.7);
  });

  it('a shout-out names the new handle: the mentioned account is re-scored and linked', () => {
    const linker = new ReentryLinker();
    linker.onAccount({ id: 'x:old', handle: 'abu_hamza', displayName: 'أبو حمزة' }, T0);
    linker.onAccount({ id: 'x:friend', handle: 'rafiq' }, T0);
    for (let i = 0; i < 5; i++) linker.onPost(post('x:friend', T0 + i * HOUR, 'الفانوس لا ينطفئ'), 'x:old');
    linker.onRemoved('x:old', 'suspended', T0 + 6 * HOUR);
    linker.onAccount({ id: 'x:new', handle: 'abu_hamza_2', displayName: 'أبو حمزة', createdAt: T0 + 8 * HOUR }, T0 + 8 * HOUR);
    const before = linker.links()[0]!.candidates[0]!.score.logit;
    linker.onPost(post('x:friend', T0 + 9 * HOUR, 'حسابي الجديد @abu_hamza_2 ادعموه', { mentions: [{ handle: 'abu_hamza_2' }] }));
    const after = linker.links()[0]!;
    assert.equal(after.shoutouts.length, 1);
    assert.equal(after.candidates[0]!.score.features.shoutout.value, 1);
    assert.ok(after.candidates[0]!.score.logit > before);
  });
});
