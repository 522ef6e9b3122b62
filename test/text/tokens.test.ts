import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { charNgrams, jaccard, splitHashtag, tokenize, wordNgrams, wordShingles, wordTokens } from '../../src/text/tokens.js';
import { fixture } from '../helpers/paths.js';

/** No lone surrogates (String.prototype.isWellFormed is ES2024, newer than our lib setting). */
const wellFormed = (s: string) => !/\p{Cs}/u.test(s);

describe('tokenize', () => {
  const text = 'أعلن #الدولة_الإسلامية عبر «تويتر» @User_1 https://Example.com/a?utm_source=x&b=1. Wow 😂👍🏽 🇫🇷 1,000 #FreeSpeech2024 is\u200bis 7amdulillah ٢٠١٥';
  const tokens = tokenize(text);
  const kinds = (k: string) => tokens.filter((t) => t.kind === k);

  it('finds words, hashtags, mentions, URLs, emoji and numbers with offsets into the original', () => {
    assert.deepEqual(kinds('hashtag').map((t) => t.text), ['الدوله_الاسلاميه', 'freespeech2024']);
    assert.deepEqual(kinds('mention').map((t) => t.text), ['user_1']);
    assert.deepEqual(kinds('url').map((t) => t.text), ['https://example.com/a?b=1']);
    assert.deepEqual(kinds('emoji').map((t) => t.text), ['😂', '👍🏽', '🇫🇷']);
    assert.deepEqual(kinds('number').map((t) => t.text), ['1,000', '2015']);
    assert.deepEqual(kinds('word').map((t) => t.text), ['اعلن', 'عبر', 'تويتر', 'wow', 'isis', '7amdulillah']);
    for (const t of tokens) assert.ok(t.end > t.start && t.end <= text.length);
    const url = kinds('url')[0]!;
    assert.equal(text.slice(url.start, url.end), 'https://Example.com/a?utm_source=x&b=1', 'trailing full stop is not part of the link');
    const tag = kinds('hashtag')[0]!;
    assert.equal(text.slice(tag.start, tag.end), '#الدولة_الإسلامية');
  });

  it('keeps hashtags whole and split', () => {
    assert.deepEqual(kinds('hashtag')[0]!.parts, ['الدوله', 'الاسلاميه']);
    assert.deepEqual(kinds('hashtag')[1]!.parts, ['free', 'speech', '2024']);
  });

  it('does not take e-mail addresses or URL fragments for mentions and hashtags', () => {
    const t = tokenize('write to a@b.com or see https://x.com/#frag and C# code');
    assert.deepEqual(t.filter((x) => x.kind === 'mention'), []);
    assert.deepEqual(t.filter((x) => x.kind === 'hashtag'), []);
  });

  it('survives hostile input', () => {
    assert.deepEqual(tokenize(''), []);
    assert.ok(tokenize('\ud800\udc00\ud800 x').some((t) => t.text === 'x'));
    assert.equal(tokenize('ا'.repeat(100_000)).length, 1);
  });
});

describe('splitHashtag', () => {
  it('splits at underscores, camelCase, acronyms and digit boundaries, normalising each word', () => {
    assert.deepEqual(splitHashtag('#الدولة_الإسلامية'), ['الدوله', 'الاسلاميه']);
    assert.deepEqual(splitHashtag('FreeSpeech2024'), ['free', 'speech', '2024']);
    assert.deepEqual(splitHashtag('#COVID19Vaccine'), ['covid', '19', 'vaccine']);
    assert.deepEqual(splitHashtag('#HTMLParser'), ['html', 'parser']);
    assert.deepEqual(splitHashtag('#نصرة_غزة_2024'), ['نصره', 'غزه', '2024']);
    assert.deepEqual(splitHashtag('#'), []);
  });
});

describe('wordTokens, n-grams, shingles', () => {
  it('gives normalised words without URLs, keeping apostrophes and decimal numbers inside words', () => {
    assert.deepEqual(wordTokens("RT @X: Can't stop 3.5 #Big_News https://t.co/abc ..."), ['rt', 'x', "can't", 'stop', '3.5', 'big', 'news']);
    assert.deepEqual(wordTokens('المُقاتِلون  في «الرقة»'), ['المقاتلون', 'في', 'الرقه']);
  });

  it('builds word-boundary character n-grams padded with spaces (like char_wb)', () => {
    assert.deepEqual(charNgrams('ab cde', 2, 3), [' a', 'ab', 'b ', ' ab', 'ab ', ' c', 'cd', 'de', 'e ', ' cd', 'cde', 'de ']);
    assert.deepEqual(charNgrams('a', 4, 4), [' a ']);
    assert.throws(() => charNgrams('x', 3, 2), RangeError);
  });

  it('builds shingles and n-grams', () => {
    assert.deepEqual(wordShingles(['a', 'b', 'c', 'd'], 3), ['a b c', 'b c d']);
    assert.deepEqual(wordShingles(['a', 'b'], 3), ['a b']);
    assert.deepEqual(wordShingles([], 3), []);
    assert.deepEqual(wordNgrams(['a', 'b', 'c'], 2), ['a', 'b', 'c', 'a b', 'b c']);
  });

  it('makes near-duplicate Arabic posts (diacritics, tatweel, elongation, another link) nearly identical', () => {
    const a = 'أعلن مقاتلو التنظيم النفير العام https://t.co/aaa';
    const b = 'أَعْلَنَ مقاتلـــو التنظيم النفيـــر العاااام https://t.co/bbb';
    assert.equal(jaccard(wordShingles(wordTokens(a), 2), wordShingles(wordTokens(b), 2)), 1);
    assert.ok(jaccard(charNgrams(a, 3, 3), charNgrams('an unrelated english sentence', 3, 3)) < 0.05);
  });

  it('tokenises every real tweet of the OSACT4 dev set to well-formed, non-empty words', () => {
    const tweets = readFileSync(fixture('classify/osact4-dev.tsv'), 'utf8').split('\n').map((l) => l.split('\t')[0]!).filter(Boolean);
    let words = 0;
    for (const t of tweets) for (const w of wordTokens(t)) {
      assert.ok(w.length > 0 && wellFormed(w));
      words++;
    }
    assert.ok(words > tweets.length * 5);
  });
});
