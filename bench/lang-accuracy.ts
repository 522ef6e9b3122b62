/**
 * Language-ID accuracy on held-out text (none of it trained the model; see bench/lang-train.ts):
 *   - test/fixtures/text/lang-eval.tsv: even-numbered UDHR articles cut to tweet length (10 languages)
 *   - test/fixtures/text/sources/sorani-gec-gold-eval.tsv: Sorani, Arabic and Persian sentences
 *   - test/fixtures/classify/osact4-dev.tsv: 1,000 real Arabic tweets
 *   - <sources>/gettext-eval.tsv when present: software messages from held-out gettext catalogues
 *     (machine-local, written by the trainer)
 * Prints per-source and per-language accuracy and the confusion table for texts of 40+ characters.
 *
 *   npx tsx bench/lang-accuracy.ts [/tmp/langdata]
 */
import { repoRoot } from './paths.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectLanguage } from '../src/text/lang.js';

const ROOT = `${repoRoot}/`;
const LANGS = ['ar', 'ckb', 'de', 'en', 'fa', 'fr', 'kmr', 'nl', 'ru', 'tr', 'ur'];
export const MISSION = ['ar', 'en', 'fr', 'ru', 'de', 'nl', 'ckb', 'kmr'];

export interface Sample {
  lang: string;
  source: string;
  text: string;
}

/** The text without what a language model cannot read (mentions, links, the OSACT `<LF>` marker). */
const visible = (t: string) => t.replace(/<LF>|@USER|URL|https?:\/\/\S+/g, ' ').replace(/\s+/g, ' ').trim();

export function loadSamples(sources = '/tmp/langdata', perLangGettext = 400): Sample[] {
  const out: Sample[] = [];
  const tsv = (file: string, hasHeader: boolean, source?: string) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .slice(hasHeader ? 1 : 0)
      .filter(Boolean)
      .map((l) => l.split('\t'));
  for (const [lang, src, text] of tsv(join(ROOT, 'test/fixtures/text/lang-eval.tsv'), true)) out.push({ lang: lang!, source: src!.split(':')[0]!, text: text! });
  for (const [lang, text] of tsv(join(ROOT, 'test/fixtures/text/sources/sorani-gec-gold-eval.tsv'), false)) out.push({ lang: lang!, source: 'sorani-gec', text: text! });
  for (const [text] of tsv(join(ROOT, 'test/fixtures/classify/osact4-dev.tsv'), false)) out.push({ lang: 'ar', source: 'osact4-dev', text: visible(text!) });
  const gettext = join(sources, 'gettext-eval.tsv');
  if (existsSync(gettext)) {
    const byLang = new Map<string, number>();
    for (const [lang, , text] of tsv(gettext, false)) {
      if (visible(text!).length < 40) continue;
      const n = byLang.get(lang!) ?? 0;
      if (n >= perLangGettext) continue;
      byLang.set(lang!, n + 1);
      out.push({ lang: lang!, source: 'gettext', text: text! });
    }
  }
  return out;
}

export interface AccuracyReport {
  /** lang → { n, correct } for texts of 40+ visible characters; `cut` = the same texts cut to their first 40. */
  perLang: Map<string, { n: number; correct: number; cut: number }>;
  perSource: Map<string, { n: number; correct: number; short: { n: number; correct: number } }>;
  confusion: Map<string, Map<string, number>>;
  missionAccuracy: number;
}

export function evaluate(samples: Sample[]): AccuracyReport {
  const perLang = new Map<string, { n: number; correct: number; cut: number }>();
  const perSource = new Map<string, { n: number; correct: number; short: { n: number; correct: number } }>();
  const confusion = new Map<string, Map<string, number>>();
  for (const s of samples) {
    const guess = detectLanguage(s.text).lang;
    const ok = guess === s.lang;
    const long = visible(s.text).length >= 40;
    const key = `${s.source}/${s.lang}`;
    const src = perSource.get(key) ?? { n: 0, correct: 0, short: { n: 0, correct: 0 } };
    if (long) {
      src.n++;
      if (ok) src.correct++;
      const pl = perLang.get(s.lang) ?? { n: 0, correct: 0, cut: 0 };
      pl.n++;
      if (ok) pl.correct++;
      if (detectLanguage(visible(s.text).slice(0, 40)).lang === s.lang) pl.cut++;
      perLang.set(s.lang, pl);
      const row = confusion.get(s.lang) ?? new Map<string, number>();
      row.set(guess, (row.get(guess) ?? 0) + 1);
      confusion.set(s.lang, row);
    } else {
      src.short.n++;
      if (ok) src.short.correct++;
    }
    perSource.set(key, src);
  }
  let n = 0;
  let c = 0;
  for (const l of MISSION) {
    n += perLang.get(l)?.n ?? 0;
    c += perLang.get(l)?.correct ?? 0;
  }
  return { perLang, perSource, confusion, missionAccuracy: n ? c / n : 0 };
}

const pct = (c: number, n: number) => (n ? `${((100 * c) / n).toFixed(1)}%` : '—');

export function formatReport(r: AccuracyReport): string {
  const lines: string[] = [];
  lines.push('Accuracy on texts of 40+ characters (model only, no platform tag)', '');
  lines.push('| source / lang | n (40+) | accuracy (40+) | n (<40) | accuracy (<40) |', '|---|---:|---:|---:|---:|');
  for (const [k, v] of [...r.perSource].sort()) lines.push(`| ${k} | ${v.n} | ${pct(v.correct, v.n)} | ${v.short.n} | ${pct(v.short.correct, v.short.n)} |`);
  lines.push('', '| lang | n | accuracy (40+) | same texts cut to 40 chars |', '|---|---:|---:|---:|');
  for (const l of LANGS) {
    const v = r.perLang.get(l);
    if (v) lines.push(`| ${l} | ${v.n} | ${pct(v.correct, v.n)} | ${pct(v.cut, v.n)} |`);
  }
  lines.push(`| **mission (${MISSION.join(', ')})** | | **${(100 * r.missionAccuracy).toFixed(1)}%** | |`);
  const guesses = [...new Set([...r.confusion.values()].flatMap((m) => [...m.keys()]))].sort((a, b) => {
    const ia = LANGS.indexOf(a);
    const ib = LANGS.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
  });
  lines.push('', 'Confusion (rows: true language, columns: guess; 40+ characters)', '');
  lines.push(`| true \\ guess | ${guesses.join(' | ')} |`, `|---|${guesses.map(() => '---:').join('|')}|`);
  for (const l of LANGS) {
    const row = r.confusion.get(l);
    if (row) lines.push(`| ${l} | ${guesses.map((g) => row.get(g) ?? 0).join(' | ')} |`);
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(formatReport(evaluate(loadSamples(process.argv[2]))));
}
