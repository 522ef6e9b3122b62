import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalUrl, expandUrl, findDefanged, refang, registrableDomain } from '../../src/text/urls.js';
import { extractHashtags, extractMentions, extractUrls } from '../../src/text/entities.js';

describe('canonicalUrl', () => {
  it('lower-cases scheme and host, drops default port, fragment and trailing dot, sorts the query', () => {
    assert.equal(canonicalUrl('HTTPS://Example.COM.:443/Path?b=2&a=1#section'), 'https://example.com/Path?a=1&b=2');
    assert.equal(canonicalUrl('http://example.com:80/'), 'http://example.com/');
    assert.equal(canonicalUrl('http://example.com:8080/'), 'http://example.com:8080/');
  });

  it('removes tracking parameters (utm_*, fbclid, gclid, si …) and keeps meaningful ones', () => {
    assert.equal(canonicalUrl('https://example.com/a?utm_source=tw&utm_medium=x&fbclid=1&gclid=2&id=7'), 'https://example.com/a?id=7');
    assert.equal(canonicalUrl('https://open.spotify.com/track/1?si=abc'), 'https://open.spotify.com/track/1');
    assert.equal(canonicalUrl('https://example.com/search?s=term&t=30'), 'https://example.com/search?s=term&t=30', 's and t are tracking only on X');
    assert.equal(canonicalUrl('https://twitter.com/user/status/1?s=20&t=abc'), 'https://x.com/user/status/1');
  });

  it('maps host aliases and youtu.be to one form', () => {
    assert.equal(canonicalUrl('https://mobile.twitter.com/a'), 'https://x.com/a');
    assert.equal(canonicalUrl('https://youtu.be/dQw4w9WgXcQ?si=x'), 'https://www.youtube.com/watch?v=dQw4w9WgXcQ');
    assert.equal(canonicalUrl('https://m.youtube.com/watch?v=dQw4w9WgXcQ&feature=share'), 'https://www.youtube.com/watch?v=dQw4w9WgXcQ');
    assert.equal(canonicalUrl('https://telegram.me/somechannel'), 'https://t.me/somechannel');
  });

  it('refuses what is not an http(s) URL', () => {
    for (const bad of ['', 'not a url', 'javascript:alert(1)', 'ftp://example.com/', 'http://']) assert.equal(canonicalUrl(bad), undefined, bad);
  });
});

describe('expandUrl', () => {
  it('uses the expansion the platform gives and keeps the short link', () => {
    assert.deepEqual(expandUrl({ url: 'https://t.co/abc', expandedUrl: 'https://www.example.com/story?utm_campaign=x' }), {
      url: 'https://www.example.com/story',
      shortUrl: 'https://t.co/abc',
      domain: 'example.com',
      unresolvedShortener: false,
    });
    assert.equal(expandUrl({ url: 'https://t.co/x', expandedUrl: 'https://bit.ly/y', unwoundUrl: 'https://news.example.org/a' })!.url, 'https://news.example.org/a');
  });

  it('flags a shortener the platform did not expand', () => {
    assert.equal(expandUrl({ url: 'https://bit.ly/abc' })!.unresolvedShortener, true);
    assert.equal(expandUrl({ url: 'garbage' }), undefined);
  });
});

describe('registrableDomain', () => {
  it('uses the public suffix list', () => {
    assert.equal(registrableDomain('https://news.bbc.co.uk/world'), 'bbc.co.uk');
    assert.equal(registrableDomain('a.b.example.com'), 'example.com');
    assert.equal(registrableDomain('https://someone.blogspot.com/post'), 'someone.blogspot.com');
    assert.equal(registrableDomain('https://someone.blogspot.com/post', { privateSuffixes: false }), 'blogspot.com');
    assert.equal(registrableDomain('http://192.168.1.10/x'), '192.168.1.10');
    assert.equal(registrableDomain('evil-site[.]net'), 'evil-site.net');
    assert.equal(registrableDomain('localhost'), undefined);
  });
});

describe('defanged URLs', () => {
  it('refangs the usual notations', () => {
    assert.equal(refang('hxxps://example[.]com/a'), 'https://example.com/a');
    assert.equal(refang('hXXp://bad(.)org and evil{.}net'), 'http://bad.org and evil.net');
    assert.equal(refang('example[dot]com user[@]mail[.]com http[:]//x[.]io'), 'example.com user@mail.com http://x.io');
    assert.equal(refang('nothing to see'), 'nothing to see');
  });

  it('finds defanged links and domains in running text with offsets', () => {
    const text = 'See hxxp://bad-site[.]com/a?b=1, also example [.] org and www[.]foo[.]co[.]uk. Plain example.com is not defanged.';
    const found = findDefanged(text);
    assert.deepEqual(found.map((f) => f.url), ['http://bad-site.com/a?b=1', 'example.org', 'www.foo.co.uk']);
    assert.deepEqual(found.map((f) => f.domain), ['bad-site.com', 'example.org', 'foo.co.uk']);
    for (const f of found) assert.equal(text.slice(f.start, f.end), f.raw);
    assert.deepEqual(findDefanged('no links here [.]'), []);
  });
});

describe('entities (for formats that do not mark them)', () => {
  it('extracts Arabic hashtags whole, mentions lower-cased, URLs without trailing punctuation', () => {
    const t = 'عاجل #الدولة_الإسلامية و#نصرة @Some_User and @alice.bsky.social: https://example.com/a). (https://x.org/b)، done';
    assert.deepEqual(extractHashtags(t), ['الدولة_الإسلامية']);
    assert.deepEqual(extractMentions(t), ['some_user', 'alice.bsky.social']);
    assert.deepEqual(extractUrls(t), ['https://example.com/a', 'https://x.org/b']);
  });
});
