import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';

const lines = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('marsad text', () => {
  it('normalize: one JSON object per stdin line, with the controls removed', async () => {
    const r = await runCli(['text', 'normalize'], { input: 'أَعْلَنَ «داعش»\r\nad\u202emin\n\n' });
    assert.equal(r.code, 0, r.stderr);
    const out = lines(r.stdout);
    assert.equal(out.length, 3);
    assert.equal(out[0]!.text, 'اعلن "داعش"');
    assert.equal(out[1]!.text, 'admin');
    assert.equal(out[1]!.bidi, true);
    assert.deepEqual(out[1]!.controls, [{ codePoint: 0x202e, index: 2, kind: 'bidi' }]);
    assert.equal(out[2]!.text, '');
  });

  it('tokens, lang and urls on stdin', async () => {
    const input = ['#الدولة_الإسلامية @user https://Example.com/?utm_source=x 😂', 'هەرێمی کوردستان لە باکووری عێراقدایە و چەندین پارێزگای تێدایە', 'wallah ya 7abibi 3ala rasi'].join('\n');
    const [tokens, lang, urls] = await Promise.all([
      runCli(['text', 'tokens'], { input }),
      runCli(['text', 'lang', '--json'], { input }),
      runCli(['text', 'urls'], { input: 'see https://Example.com/a?utm_source=x#top and hxxps://bad-site[.]com/p\nnothing' }),
    ]);
    for (const r of [tokens, lang, urls]) assert.equal(r.code, 0, r.stderr);
    const t = lines(tokens.stdout)[0]!.tokens as { kind: string; text: string; parts?: string[] }[];
    assert.deepEqual(t.map((x) => x.kind), ['hashtag', 'mention', 'url', 'emoji']);
    assert.deepEqual(t[0]!.parts, ['الدوله', 'الاسلاميه']);
    const l = lines(lang.stdout);
    assert.deepEqual(l.map((x) => x.lang), ['ar', 'ckb', 'ar']);
    assert.ok(typeof l[1]!.confidence === 'number');
    assert.equal(l[2]!.arabizi, true);
    const u = lines(urls.stdout);
    assert.deepEqual(u[0], {
      urls: [{ raw: 'https://Example.com/a?utm_source=x#top', url: 'https://example.com/a', domain: 'example.com', unresolvedShortener: false }],
      defanged: [{ raw: 'hxxps://bad-site[.]com/p', url: 'https://bad-site.com/p', domain: 'bad-site.com', start: 47, end: 71 }],
    });
    assert.deepEqual(u[1], { urls: [], defanged: [] });
  });

  it('takes texts as arguments, honours options, and rejects bad usage with exit code 2', async () => {
    const [r, bad] = await Promise.all([
      runCli(['text', 'lang', '--platform-lang', 'fr', 'hello there']),
      runCli(['text', 'normalize', '--max-repeat', 'lots', 'x']),
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(lines(r.stdout)[0], { lang: 'fr', confidence: 0.95, source: 'platform' });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /max-repeat/);
  });
});
