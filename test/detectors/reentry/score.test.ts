import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildFingerprint, buildPrint, handleStem, nameKeys, nameScores, scoreLink, type AccountIdentity } from '../../../src/detectors/reentry/index.js';
import { HOUR, T0 } from './helpers.js';

const ctx = { df: new Map<string, number>(), n: 1, shoutouts: [] };
const old = (identity: Partial<AccountIdentity>) => buildFingerprint({ id: 'x:1', ...identity }, undefined, 'suspended', T0);
const fresh = (identity: Partial<AccountIdentity>) => buildPrint({ id: 'x:2', createdAt: T0 + 6 * HOUR, ...identity }, undefined);
const shareKey = (a: string, b: string) => nameKeys(handleStem(a)).some((k) => nameKeys(handleStem(b)).includes(k));

/** Each evasion pattern: the new handle must share a blocking key with the old one and score high. */
const PATTERNS: [string, string, string, string][] = [
  ['digits added', 'abu_example', 'abu_example2', 'digits-added'],
  ['digits incremented', 'abu_example7', 'abu_example8', 'digits-incremented'],
  ['underscore dropped', 'abu_example', 'abuexample', 'separator'],
  ['underscore to dot', 'abu_example', 'abu.example', 'separator'],
  ['suffix new', 'abu_example', 'abu_example_new', 'affix'],
  ['suffix back', 'abu_example', 'abu_example_back', 'affix'],
  ['suffix جديد', 'ابو_المثال', 'ابو_المثال_جديد', 'affix'],
  ['confusable digit for letter', 'abu_example', 'abu_examp1e', 'confusable'],
  ['Cyrillic homoglyph', 'abu_example', 'abu_exаmple', 'confusable'],
  ['Bluesky domain and dash', 'abu_example', 'abu-example3.bsky.social', 'digits-added'],
  ['another Latin spelling', 'abu_omar33', 'abou_omar33', 'transliteration'],
  ['another spelling, digits added', 'hamil_fanous', 'hamil_fanus2', 'transliteration'],
  ['clipped at 15, digits in the tail', 'abumahmoudkhayy', 'abumahmoudkha17', 'contains'],
];

describe('re-entry scoring: evasion patterns', () => {
  for (const [label, a, b, pattern] of PATTERNS) {
    it(label, () => {
      assert.ok(shareKey(a, b), `${a} and ${b} share no blocking key`);
      const bio = 'Keeper of the ember';
      const [fp, p] = [old({ handle: a, displayName: 'Abu Example', bio }), fresh({ handle: b, displayName: 'Abu Example', bio })];
      const s = scoreLink(fp, p, ctx);
      assert.ok(nameScores(fp, p).handle.score >= 0.85, `${label}: handle ${s.features.handle.detail}`);
      assert.ok(s.patterns.includes(pattern as never), `${label}: ${s.patterns.join(',')}`);
      assert.ok(s.score >= 0.8, `${label}: score ${s.score}`);
    });
  }

  it('Arabic display name returning in Latin transliteration', () => {
    const fp = old({ handle: 'hares_aljamra', displayName: 'حارس الجمرة', bio: 'الفانوس لا ينطفئ' });
    const p = fresh({ handle: 'hares_aljamrah', displayName: 'Hares Aljamra', bio: 'الفانوس لا ينطفئ' });
    assert.ok(nameKeys('حارس الجمرة').some((k) => nameKeys('Hares Aljamra').includes(k)), 'no shared phonetic key');
    const s = scoreLink(fp, p, ctx);
    assert.ok(s.patterns.includes('transliteration'), s.patterns.join(','));
    assert.ok(s.score >= 0.8, String(s.score));
  });

  it('an unrelated account scores low', () => {
    const s = scoreLink(old({ handle: 'abu_example', displayName: 'Abu Example', bio: 'the lantern never goes out' }), fresh({ handle: 'sophie_reads', displayName: 'Sophie', bio: 'coffee and books' }), ctx);
    assert.ok(s.score < 0.1, String(s.score));
  });
});

describe('re-entry scoring: hostile names', () => {
  it('bidi override and zero-width characters do not hide a returning handle', () => {
    const [fp, p] = [old({ handle: 'abu_example', displayName: 'Abu Example' }), fresh({ handle: 'abu_exa\u200bmple2', displayName: '\u202eAbu Example\u202c' })];
    const s = scoreLink(fp, p, ctx);
    assert.ok(nameScores(fp, p).handle.score >= 0.85, JSON.stringify(s.features.handle));
    assert.ok(s.features.name.value >= 0.9, JSON.stringify(s.features.name));
    assert.ok(s.score >= 0.7);
  });

  it('confusable keys block together (Greek omicron, capital I for l)', () => {
    assert.ok(shareKey('lantern_keeper', 'lantern_keepeI'));
    assert.ok(shareKey('ember_son', 'ember_sοn'));
  });
});

describe('re-entry scoring: missing fields', () => {
  it('scores accounts with nothing but an id without throwing, at low score', () => {
    const s = scoreLink(buildFingerprint({ id: 'x:1' }, undefined, 'deleted', T0), buildPrint({ id: 'x:2' }, undefined), ctx);
    assert.ok(s.score < 0.01);
    assert.equal(s.features.recency.detail, 'creation time unknown');
  });

  it('handle only, no name/bio/avatar/creation time', () => {
    const s = scoreLink(old({ handle: 'abu_example' }), buildPrint({ id: 'x:2', handle: 'abu_example2' }, undefined), ctx);
    assert.ok(s.features.handle.value > 0.6);
    assert.equal(s.features.bio.value, 0);
    assert.equal(s.features.avatar.value, 0);
  });

  it('an account created before the removal is penalised (a backup, not a return)', () => {
    const before = scoreLink(old({ handle: 'abu_example' }), fresh({ handle: 'abu_example2', createdAt: T0 - HOUR }), ctx);
    const after = scoreLink(old({ handle: 'abu_example' }), fresh({ handle: 'abu_example2', createdAt: T0 + HOUR }), ctx);
    assert.ok(before.features.recency.contribution < 0);
    assert.ok(after.logit > before.logit);
  });

  it('creation unknown: an account already seen active before the removal is held back', () => {
    const seenBefore = scoreLink(old({ handle: 'abu_example' }), buildPrint({ id: 'x:2', handle: 'abu_example2', firstSeenAt: T0 - HOUR }, undefined), ctx);
    const seenAfter = scoreLink(old({ handle: 'abu_example' }), buildPrint({ id: 'x:2', handle: 'abu_example2', firstSeenAt: T0 + HOUR }, undefined), ctx);
    assert.equal(seenBefore.features.recency.detail, 'seen active before the removal');
    assert.equal(seenAfter.features.recency.detail, 'creation time unknown');
    assert.ok(seenAfter.logit - seenBefore.logit >= 1);
  });

  it('the avatar: same PDQ scores 1, URLs only match when equal', () => {
    const pdq = 'f'.repeat(32) + '0'.repeat(32);
    const near = 'e'.repeat(2) + 'f'.repeat(30) + '0'.repeat(32);
    const s = scoreLink(old({ handle: 'a1', avatarPdq: pdq }), fresh({ handle: 'zz9', avatarPdq: near }), ctx);
    assert.ok(s.features.avatar.value > 0.9 && s.features.avatar.value < 1, JSON.stringify(s.features.avatar));
    const u = scoreLink(old({ avatarUrl: 'https://x/a.png' }), fresh({ avatarUrl: 'https://x/a.png' }), ctx);
    assert.equal(u.features.avatar.value, 1);
  });
});
