import { test } from 'node:test';
import assert from 'node:assert/strict';
import { textForMatching } from '../../src/pipeline/matcher.js';
import { TextIndex } from '../../src/hashing/text-index.js';

test('a shared copy of a known text matches despite its own links, hashtag and an added word', () => {
  const known = 'جديد مؤسسة الفانوس: «الجمرة الصامتة» الإصدار رقم 53';
  const copy = 'حصري جديد مؤسسة الفانوس: «الجمرة الصامتة» الإصدار رقم 53 https://t.co/Kw8iSNXc4U #الفانوس_الرمادي https://t.co/nNiMeI8HmK';
  assert.equal(textForMatching(`RT @someone: ${copy}`), 'حصري جديد مؤسسة الفانوس: «الجمرة الصامتة» الإصدار رقم 53');
  const index = TextIndex.build([{ id: 1, signal: known }], { threshold: 0.8 });
  assert.equal(index.query(textForMatching(copy)).length, 1, 'the cleaned copy matches');
  assert.equal(index.query(copy).length, 0, 'the raw copy would not: links and hashtags dilute it below 0.8');
  assert.equal(index.query('مباراة الفريق اليوم في المدينة رقم 53').length, 0, 'unrelated text does not match');
});
