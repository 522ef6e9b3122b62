import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { coreName, editDistance, nameSimilarity } from '../../src/text/names.js';
import { isConfusable, mixedScriptWords, skeleton } from '../../src/text/skeleton.js';
import { arabicToLatin, phoneticKey } from '../../src/text/translit.js';

describe('skeleton (TR39-style confusables)', () => {
  it('maps Cyrillic, Greek, small-capital and digit look-alikes to one prototype', () => {
    assert.equal(skeleton('pаypal'), skeleton('paypal')); // Cyrillic а
    assert.equal(skeleton('ΑΡΡLE'), skeleton('apple')); // Greek capitals
    assert.equal(skeleton('ɢᴏᴏɢʟᴇ'), skeleton('google'));
    assert.equal(skeleton('abu_examp1e'), skeleton('abu_exampIe'));
    assert.equal(skeleton('rnodern'), skeleton('modern'));
    assert.equal(skeleton('𝐈𝐒𝐈𝐒'), skeleton('ISIS'));
    assert.equal(skeleton('ad\u200bmin'), skeleton('admin'));
    assert.notEqual(skeleton('paypal'), skeleton('paypol'));
  });

  it('folds Arabic-script look-alikes and variants', () => {
    assert.equal(skeleton('مُحَمَّد'), skeleton('محمد'));
    assert.equal(skeleton('علی'), skeleton('علي')); // Persian yeh
    assert.equal(skeleton('١حمد'), skeleton('احمد')); // Arabic-Indic one used as alef
  });

  it('flags confusable pairs and mixed-script words', () => {
    assert.equal(isConfusable('pаypal', 'paypal'), true);
    assert.equal(isConfusable('paypal', 'paypal'), false);
    assert.deepEqual(mixedScriptWords('hello pаypal привет'), ['pаypal']);
  });
});

describe('transliteration', () => {
  it('romanises Arabic readably', () => {
    assert.equal(arabicToLatin('محمد'), 'mhmd');
    assert.equal(arabicToLatin('خالد الشامي'), 'khald alshamy');
  });

  it('gives one phonetic key across Arabic script, Latin spellings and Arabizi', () => {
    for (const [names, key] of [
      [['محمد', 'Mohammed', 'Muhammad', 'Mohamed', 'mo7amed'], 'MHMD'],
      [['خالد', 'Khaled', 'Khalid'], 'KLD'],
      [['يوسف', 'Yusuf', 'Youssef'], 'YSF'],
      [['فاطمة', 'Fatima', 'Fatimah'], 'FTM'],
    ] as const) {
      for (const n of names) assert.equal(phoneticKey(n), key, n);
    }
  });
});

describe('nameSimilarity', () => {
  const cases: [string, string, string, number][] = [
    ['abu_example', 'abu_example2', 'digits-added', 0.9],
    ['abu_example1', 'abu_example2', 'digits-incremented', 0.9],
    ['abu_example7', 'abu_example1999', 'digits-changed', 0.85],
    ['abu.example', 'abu_example', 'separator', 0.95],
    ['abu_example', 'abu_example_new', 'affix', 0.9],
    ['abu_example', 'abu_example_back', 'affix', 0.9],
    ['abu_example', 'جديد_abu_example', 'affix', 0.9],
    ['abu_example', 'abu_exampIe', 'confusable', 0.95],
    ['abu_example', 'AbuExample', 'separator', 0.95],
    ['Abu_Example', 'abu_example', 'case-or-accent', 0.95],
    ['محمد_علي', 'Mohammed_Ali', 'transliteration', 0.85],
    ['عبدالله', 'Abdullah', 'transliteration', 0.85],
    ['ابو_بكر', 'abu_bakr', 'transliteration', 0.85],
    ['news_agency', 'real_news_agency_2024', 'affix', 0.9],
    ['news_agency', 'breaking_news_agency_sy', 'contains', 0.8],
  ];
  for (const [a, b, pattern, min] of cases) {
    it(`${a} ~ ${b}: ${pattern}`, () => {
      const r = nameSimilarity(a, b);
      assert.ok(r.patterns.includes(pattern as never), `${JSON.stringify(r)}`);
      assert.ok(r.score >= min, `${JSON.stringify(r)}`);
      assert.deepEqual(nameSimilarity(b, a).score, r.score, 'symmetric');
    });
  }

  it('scores unrelated names low and identical names 1', () => {
    assert.ok(nameSimilarity('john_smith', 'jane_doe').score < 0.5);
    assert.ok(nameSimilarity('khaled', 'فاطمة').score < 0.5);
    assert.ok(nameSimilarity('ahmed', 'mahmoud').score < 0.75);
    assert.deepEqual(nameSimilarity('@same', 'same'), { score: 1, patterns: ['identical'] });
    assert.deepEqual(nameSimilarity('', 'x'), { score: 0, patterns: [] });
  });

  it('strips evasion affixes and digits to the core name', () => {
    assert.equal(coreName('@Real_Abu.Example_NEW_2024'), 'abuexample');
    assert.equal(coreName('ابو_مثال_الجديد'), 'ابومثال');
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
  });
});
