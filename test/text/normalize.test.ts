import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { BIDI_CONTROLS, INVISIBLES } from '../../src/text/fold-table.js';
import { normalize, normalizeForMatching } from '../../src/text/normalize.js';
import { fixture } from '../helpers/paths.js';

/** No lone surrogates (String.prototype.isWellFormed is ES2024, newer than our lib setting). */
const wellFormed = (s: string) => !/\p{Cs}/u.test(s);

const n = normalizeForMatching;
const hex = (c: number) => c.toString(16).padStart(4, '0');
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const article = readFileSync(fixture('seed/article-ar.txt'), 'utf8');

describe('normalize: Arabic', () => {
  it('folds presentation forms through NFKC (U+FB50–U+FDFF, U+FE70–U+FEFF)', () => {
    assert.equal(n('\ufefb'), 'لا'); // ﻻ lam-alef ligature
    assert.equal(n('\ufdf2'), 'الله'); // ﷲ
    assert.equal(n('\ufdfa'), 'صلي الله عليه وسلم'); // ﷺ, and its alef maqsura folds too
    assert.equal(n('\ufe8d\ufe91\ufe94'), 'ابه'); // isolated alef, initial beh, final teh marbuta
    assert.equal(n('\ufb8e\ufbfe'), 'كي'); // Persian keheh and farsi yeh forms → Arabic letters
  });

  it('removes every harakah U+064B–U+0652 and the superscript alef U+0670', () => {
    for (const c of [...range(0x064b, 0x0652), 0x0670]) {
      assert.equal(n(`ب${String.fromCharCode(c)}ت`), 'بت', `U+${hex(c)}`);
    }
    assert.equal(n('أَعْلَنَ مُقَاتِلُو'), 'اعلن مقاتلو');
    assert.equal(n('هٰذا'), 'هذا');
  });

  it("removes the extra marks U+0610–U+061A, U+0653–U+065F and Qur'anic marks U+06D6–U+06ED (option)", () => {
    for (const c of [...range(0x0610, 0x061a), ...range(0x0653, 0x065f), ...range(0x06d6, 0x06ed)]) {
      assert.equal(n(`ب${String.fromCharCode(c)}ت`), 'بت', `U+${hex(c)}`);
      const kept = normalize(`ب${String.fromCharCode(c)}ت`, { stripExtraMarks: false }).text;
      assert.ok(kept.length >= 2, `U+${hex(c)} kept when the option is off`);
    }
    assert.equal(normalize('بٖت', { stripExtraMarks: false }).text, 'بٖت');
  });

  it('removes tatweel U+0640', () => {
    assert.equal(n('مـــرحـبـا'), 'مرحبا');
    assert.equal(normalize('مـرحبا', { stripTatweel: false }).text, 'مـرحبا');
  });

  it('folds alef variants آ أ إ ٱ ٲ ٳ ٵ to ا', () => {
    for (const c of [0x0622, 0x0623, 0x0625, 0x0671, 0x0672, 0x0673, 0x0675]) {
      assert.equal(n(`${String.fromCharCode(c)}حمد`), 'احمد', `U+${hex(c)}`);
    }
    // and the decomposed forms: alef + madda / hamza above / hamza below (NFKC composes them first)
    assert.equal(n('ا\u0653ية ا\u0654حمد ا\u0655سلام'), 'ايه احمد اسلام');
  });

  it('folds alef maqsura ى → ي and taa marbuta ة → ه', () => {
    assert.equal(n('مستشفى'), 'مستشفي');
    assert.equal(n('مدرسة'), 'مدرسه');
    assert.equal(normalize('مدرسة', { foldTaaMarbuta: false }).text, 'مدرسة');
    assert.equal(normalize('مستشفى', { foldAlefMaqsura: false }).text, 'مستشفى');
  });

  it('folds hamza carriers ؤ → و and ئ → ي only when asked', () => {
    assert.equal(n('مؤمن بيئة'), 'مؤمن بيئه');
    assert.equal(normalize('مؤمن بيئة', { foldHamza: true }).text, 'مومن بييه');
  });

  it('maps Arabic-Indic and Persian digits to 0–9', () => {
    for (let d = 0; d <= 9; d++) {
      assert.equal(n(String.fromCharCode(0x0660 + d)), String(d));
      assert.equal(n(String.fromCharCode(0x06f0 + d)), String(d));
    }
    assert.equal(n('عام ٢٠١٥ و ۱۴۰۲'), 'عام 2015 و 1402');
  });

  it('maps Arabic punctuation ، ؛ ؟ ٪ to , ; ? %', () => {
    assert.equal(n('نعم، لا؛ لماذا؟ ٥٠٪'), 'نعم, لا; لماذا? 50%');
  });

  it('folds Persian, Urdu and Kurdish letters to their Arabic base (on by default)', () => {
    const table: [number, string][] = [
      ...range(0x06a9, 0x06b4).map((c): [number, string] => [c, 'ك']),
      [0x06cc, 'ي'], [0x06d0, 'ي'], [0x06d1, 'ي'], [0x06d2, 'ي'],
      [0x06be, 'ه'], [0x06c0, 'ه'], [0x06c1, 'ه'], [0x06c2, 'ه'],
      [0x067e, 'ب'], [0x0686, 'ج'], [0x0698, 'ز'], [0x06a4, 'ف'],
    ];
    for (const [c, to] of table) assert.equal(n(String.fromCharCode(c)), to, `U+${hex(c)}`);
    assert.equal(n('پیکچر گوگل'), 'بيكجر كوكل');
    assert.equal(n('ڕێگا'), 'ريكا'); // Sorani reh and yeh with marks
    assert.equal(normalize('پیکچر گوگل', { foldPersian: false }).text, 'پیکچر گوگل');
  });

  it('normalises the real Arabic article (seed) as the rules say', () => {
    const out = n(article);
    assert.ok(out.includes('"داعش" يدعو للنفير "الالكترونى"'.replace('ى', 'ي')));
    assert.ok(out.includes('الولايات المتحده الامريكيه'));
    assert.ok(out.includes('من 70.000 الي 100.000 تغريده'));
    assert.ok(!/[\u064b-\u0652\u0640ةىأإآ«»،]/u.test(out), 'no diacritics, tatweel, taa marbuta, maqsura, hamza-alef or Arabic punctuation left');
    assert.ok(!/\s{2}|\n/.test(out), 'white space collapsed');
    assert.equal(n(out), out, 'idempotent');
  });

  it('agrees with a straightforward reference implementation on real Arabic tweets', () => {
    const reference = (s: string) =>
      s
        .normalize('NFKC')
        .replace(/[\u064b-\u065f\u0670\u0610-\u061a\u06d6-\u06ed\u0640]/gu, '')
        .replace(/[\u0622\u0623\u0625\u0671\u0672\u0673\u0675]/gu, 'ا')
        .replace(/[ىیۍێ]/gu, 'ي')
        .replace(/[کگ]/gu, 'ك')
        .replace(/پ/gu, 'ب')
        .replace(/چ/gu, 'ج')
        .replace(/ژ/gu, 'ز')
        .replace(/ڤ/gu, 'ف')
        .replace(/ة/gu, 'ه')
        .replace(/[٠-٩]/gu, (d) => String(d.charCodeAt(0) - 0x0660))
        .replace(/،/gu, ',')
        .replace(/؟/gu, '?')
        .replace(/؛/gu, ';')
        .replace(/[«»“”]/gu, '"')
        .toLowerCase()
        // elongation: a run of 3+ Arabic letters → one (lam → two), of other letters → two
        .replace(/(\p{L})\1{2,}/gu, (_, c: string) => (/[\u0620-\u06ff]/u.test(c) ? (c === 'ل' ? 'لل' : c) : c + c))
        .replace(/\s+/gu, ' ')
        .trim();
    const tweets = readFileSync(fixture('classify/osact4-dev.tsv'), 'utf8')
      .split('\n')
      .map((l) => l.split('\t')[0]!.replace(/<LF>/g, '\n'))
      // the reference knows Arabic and ASCII only: skip emoji and other scripts
      .filter((t) => t && /^[\u0600-\u06ff\u0020-\u007e\n«»“”]*$/u.test(t));
    assert.ok(tweets.length > 300, `${tweets.length} tweets`);
    for (const t of tweets) assert.equal(n(t), reference(t), t);
  });
});

describe('normalize: Latin, Cyrillic and the rest', () => {
  it('case-folds and accent-folds Latin and Cyrillic', () => {
    assert.equal(n('HÉLLO Wörld Ça ÇA ĞÜŞİ'), 'hello world ca ca gusi');
    assert.equal(n('Straße ÆØ'), 'strasse aeo');
    assert.equal(n('Ёлка ЁЖИК Мой'), 'елка ежик мои');
    assert.equal(n('ΣΟΦΊΑ'), 'σοφια');
    assert.equal(normalize('Héllo', { accentFold: false }).text, 'héllo');
    assert.equal(normalize('Héllo', { caseFold: false, accentFold: false }).text, 'Héllo');
  });

  it('folds full-width, mathematical and circled letters (NFKC), decomposed accents and Zalgo marks', () => {
    assert.equal(n('ＦＵＬＬ 𝐁𝐎𝐋𝐃 𝕴𝕾𝕴𝕾 ⓐⓑ'), 'full bold isis ab');
    assert.equal(n('e\u0301te\u0301'), 'ete');
    assert.equal(n('z\u0351\u0346\u036ba\u0310\u0357lgo'), 'zalgo');
  });

  it('collapses elongation (letters repeated 3+ times) but not digits', () => {
    assert.equal(n('goooooal!!!!'), 'gooal!!!!');
    assert.equal(n('مرحبااااا الللله العاااام'), 'مرحبا الله العام');
    assert.equal(normalize('العاااام', { arabicMaxRepeat: 2 }).text, 'العاام');
    assert.equal(n('1000000'), '1000000');
    assert.equal(normalize('goooal', { maxRepeat: 0 }).text, 'goooal');
    assert.equal(normalize('goooal', { maxRepeat: 1 }).text, 'goal');
  });

  it('collapses every kind of white space', () => {
    assert.equal(n('  a\t\n b\u00a0\u2003c\u3000d\r\n'), 'a b c d');
    assert.equal(normalize('a  b', { collapseWhitespace: false }).text, 'a  b');
  });
});

describe('normalize: controls and hostile input', () => {
  it('strips and reports every bidi control with its index', () => {
    for (const c of BIDI_CONTROLS) {
      const r = normalize(`ab${String.fromCharCode(c)}cd`);
      assert.equal(r.text, 'abcd', `U+${hex(c)}`);
      assert.deepEqual(r.controls, [{ codePoint: c, index: 2, kind: 'bidi' }]);
      assert.equal(r.bidi, true);
    }
    assert.equal(BIDI_CONTROLS.length, 12); // ALM, LRM, RLM, LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI
  });

  it('strips and reports zero-width and other invisible characters', () => {
    for (const c of INVISIBLES) {
      const r = normalize(`is${String.fromCharCode(c)}is`);
      assert.equal(r.text, 'isis', `U+${hex(c)}`);
      assert.deepEqual(r.controls, [{ codePoint: c, index: 2, kind: 'invisible' }]);
      assert.equal(r.bidi, false);
    }
    for (const c of [0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x202a, 0x202e, 0x2066, 0x2069, 0xfeff]) {
      assert.equal(normalize(String.fromCharCode(c)).controls.length, 1);
    }
  });

  it('keeps the original and reports a right-to-left override in a handle (Trojan-source style)', () => {
    const handle = 'admin\u202etxt.exe';
    const r = normalize(handle);
    assert.equal(r.original, handle);
    assert.equal(r.text, 'admintxt.exe');
    assert.equal(r.bidi, true);
  });

  it('removes tag characters (ASCII smuggling) but keeps subdivision flags quiet', () => {
    const smuggled = `hi${[...'secret'].map((ch) => String.fromCodePoint(0xe0000 + ch.charCodeAt(0))).join('')}`;
    const r = normalize(smuggled);
    assert.equal(r.text, 'hi');
    assert.equal(r.controls.length, 6);
    assert.ok(r.controls.every((c) => c.kind === 'tag'));
    const england = '🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}';
    assert.deepEqual(normalize(england).controls, []);
  });

  it('replaces lone surrogates with U+FFFD and always returns well-formed text', () => {
    for (const s of ['\ud800', 'a\udc00b', 'x\ud83d', '\udc00\ud800', '😀\ud83d', 'e\u0301\ud800']) {
      const r = normalize(s);
      assert.ok(wellFormed(r.text), JSON.stringify(s));
      assert.ok(r.text.includes('\ufffd'));
      assert.ok(r.controls.some((c) => c.kind === 'lone-surrogate'));
    }
    assert.equal(n('😀 ok'), '😀 ok');
  });

  it('handles a 1 MB string and long expansions without losing or mangling text', () => {
    const big = 'أَعْلَنَ مقاتلو التنظيم ﷺ HELLO \u200b'.repeat(40_000);
    assert.ok(big.length > 1_000_000);
    const out = n(big);
    assert.ok(wellFormed(out));
    assert.equal(out, n('أَعْلَنَ مقاتلو التنظيم ﷺ HELLO \u200b').concat(' ').repeat(40_000).trimEnd());
    assert.equal(normalize('\ufdfa'.repeat(100_000)).text, 'صلي الله عليه وسلم'.repeat(100_000));
  });

  it('normalises an empty string and white space only to an empty string', () => {
    assert.equal(n(''), '');
    assert.equal(n(' \n\t\u200b '), '');
  });

  it('keeps Hangul and other composing scripts correct (the exact NFKC path)', () => {
    assert.equal(n('\u1100\u1161'), '가');
    assert.equal(normalize('e\u0301', { accentFold: false }).text, 'é');
  });
});
