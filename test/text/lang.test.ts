import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { arabiziScore, detectLanguage, platformLanguage } from '../../src/text/lang.js';
import { fixture } from '../helpers/paths.js';

/** Held-out samples (never trained on; see test/fixtures/text/README.md). */
function heldOut(): { lang: string; text: string }[] {
  const rows = (file: string) => readFileSync(fixture(file), 'utf8').split('\n').filter(Boolean);
  const udhr = rows('text/lang-eval.tsv').slice(1).map((l) => l.split('\t')).map(([lang, , text]) => ({ lang: lang!, text: text! }));
  const gold = rows('text/sources/sorani-gec-gold-eval.tsv').map((l) => l.split('\t')).map(([lang, text]) => ({ lang: lang!, text: text! }));
  const osact = rows('classify/osact4-dev.tsv').slice(0, 300).map((l) => ({ lang: 'ar', text: l.split('\t')[0]!.replace(/<LF>|@USER|URL/g, ' ') }));
  return [...udhr, ...gold, ...osact].filter((s) => s.text.replace(/\s+/g, ' ').trim().length >= 40);
}

describe('detectLanguage: held-out accuracy (40+ characters)', () => {
  const samples = heldOut();
  for (const lang of ['ar', 'en', 'fr', 'ru', 'de', 'nl', 'ckb', 'kmr', 'fa', 'ur', 'tr']) {
    it(`${lang} >= 90%`, () => {
      const mine = samples.filter((s) => s.lang === lang);
      assert.ok(mine.length >= 20, `${lang}: only ${mine.length} samples`);
      const wrong = mine.filter((s) => detectLanguage(s.text).lang !== lang);
      const accuracy = 1 - wrong.length / mine.length;
      assert.ok(accuracy >= 0.9, `${lang}: ${(accuracy * 100).toFixed(1)}% — e.g. ${wrong.slice(0, 3).map((w) => w.text).join(' | ')}`);
    });
  }
});

describe('detectLanguage: behaviour', () => {
  it('separates the Arabic-script languages on short everyday sentences', () => {
    assert.equal(detectLanguage('أعلن مقاتلو التنظيم عبر تويتر النفير العام لمواجهة الحرب الإعلامية').lang, 'ar');
    assert.equal(detectLanguage('این یک متن کوتاه به زبان فارسی است که برای آزمایش نوشته شده').lang, 'fa');
    assert.equal(detectLanguage('یہ ایک مختصر جملہ ہے جو اردو زبان میں لکھا گیا ہے اور بس').lang, 'ur');
    assert.equal(detectLanguage('ئەمە ڕستەیەکی کورتە بە زمانی کوردی کە بۆ تاقیکردنەوە نووسراوە').lang, 'ckb');
  });

  it('uses the platform tag when it names a language, and ignores the ones that do not', () => {
    assert.deepEqual(detectLanguage('anything at all', { platformLang: 'ar-SA' }), { lang: 'ar', confidence: 0.95, source: 'platform' });
    assert.equal(detectLanguage('The ministry said on Monday that the accounts were closed', { platformLang: 'und' }).source, 'model');
    assert.equal(detectLanguage('The ministry said on Monday that the accounts were closed', { platformLang: 'qme' }).lang, 'en');
    assert.equal(platformLanguage('ku', 'هەرێمی کوردستان'), 'ckb');
    assert.equal(platformLanguage('ku', 'Kurdistan'), 'kmr');
    assert.equal(platformLanguage('in'), 'id');
    assert.equal(platformLanguage('zxx'), undefined);
    assert.equal(platformLanguage('arz'), 'ar');
  });

  it('recognises Arabizi as Arabic, even against a wrong Latin platform tag (synthetic examples)', () => {
    for (const t of ['wallah ya 7abibi ana msh 3aref eh elly by7sal', 'inshallah hanshoof ba3d el match bokra', 'ya3ni enta mesh fahem 7aga khalas', 'salam 3alaykom ya jama3a kifkon']) {
      const g = detectLanguage(t, { platformLang: 'en' });
      assert.equal(g.lang, 'ar', t);
      assert.equal(g.arabizi, true, t);
    }
    for (const t of ['The mp3 and b2b numbers for covid19 in 2020 were high', 'La vie est belle, ma chérie, et la mer aussi', 'Ana went to the market with Maria yesterday']) {
      assert.equal(arabiziScore(t) < 0.34, true, t);
      assert.notEqual(detectLanguage(t).lang, 'ar', t);
    }
  });

  it('names other scripts and gives up on text without letters', () => {
    assert.equal(detectLanguage('שלום לכולם, מה שלומכם היום').lang, 'he');
    assert.equal(detectLanguage('今天天气很好我们去公园吧').lang, 'zh');
    assert.equal(detectLanguage('今日はとても良い天気ですね').lang, 'ja');
    assert.equal(detectLanguage('Привет, как дела? Всё хорошо.').lang, 'ru');
    for (const t of ['', '😂😂😂', '12345 !!!', 'https://example.com @user']) assert.deepEqual(detectLanguage(t), { lang: 'und', confidence: 0, source: 'model' });
  });

  it('returns confidences between 0 and 1, lower for two words than for a sentence', () => {
    const short = detectLanguage('de man');
    const long = detectLanguage('De man liep gisteren met zijn hond door het park naar de markt in de stad');
    for (const g of [short, long]) assert.ok(g.confidence >= 0 && g.confidence <= 1);
    assert.equal(long.lang, 'nl');
    assert.ok(long.confidence > short.confidence);
  });
});
