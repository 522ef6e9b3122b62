import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import {
  canonicalUrl,
  detectLanguage,
  expandUrl,
  extractUrls,
  findDefanged,
  normalize,
  skeleton,
  tokenize,
  wordTokens,
  type NormalizeOptions,
} from '../../text/index.js';
import { UserError } from '../exit.js';

/** Each text (the arguments, else one per stdin line) → one JSON object per line on stdout. */
async function eachLine(args: string[], fn: (text: string) => unknown): Promise<void> {
  const write = (text: string) => process.stdout.write(`${JSON.stringify(fn(text))}\n`);
  if (args.length > 0) {
    for (const a of args) write(a);
    return;
  }
  if (process.stdin.isTTY) throw new UserError('no input: pass texts as arguments or one per line on stdin (see --help)');
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) write(line);
}

const JSON_NOTE = 'Output is JSON Lines (one object per input line) with or without --json.';

export function register(program: Command): void {
  const text = program
    .command('text')
    .description('Arabic-first text tools: normalise, tokenise, identify the language, canonicalise URLs')
    .addHelpText('after', `\nEach sub-command reads one text per line on stdin (or texts as arguments).\n${JSON_NOTE}\n\nExamples:\n  echo 'أَعْلَنَ «داعش»' | marsad text normalize\n  marsad text lang 'Wallah ya 7abibi 3ala rasi'\n  cat posts.txt | marsad text urls`);

  text
    .command('normalize')
    .description('normalise text for matching; report the invisible and bidi controls removed')
    .argument('[texts...]', 'texts (default: one per stdin line)')
    .option('--hamza', 'also fold hamza carriers (ؤ → و, ئ → ي)')
    .option('--keep-persian', 'keep Persian/Urdu/Kurdish letters (ک ی پ ڕ …) instead of folding them to Arabic')
    .option('--keep-case', 'do not lower-case')
    .option('--keep-accents', 'keep accents on Latin, Greek and Cyrillic letters')
    .option('--keep-marks', "keep Qur'anic and extra Arabic marks (U+0610–U+061A, U+0653–U+065F, U+06D6–U+06ED)")
    .option('--max-repeat <n>', 'collapse letters repeated more than n times (0 = off)', '2')
    .option('--skeleton', 'add the TR39-style confusable skeleton (for handles)')
    .option('--json', 'JSON Lines output (the default)')
    .addHelpText('after', `\n${JSON_NOTE}\nFields: text, original, controls [{codePoint, index, kind}], bidi.\n\nExamples:\n  echo 'مرحبااااا ﷺ  HELLO' | marsad text normalize\n  marsad text normalize --skeleton 'pаypal'`)
    .action(async (texts: string[], o: Record<string, string | boolean | undefined>) => {
      const maxRepeat = Number(o.maxRepeat);
      if (!Number.isInteger(maxRepeat) || maxRepeat < 0) throw new UserError(`--max-repeat must be a whole number >= 0, got ${String(o.maxRepeat)}`);
      const options: NormalizeOptions = {
        foldHamza: o.hamza === true,
        foldPersian: o.keepPersian !== true,
        caseFold: o.keepCase !== true,
        accentFold: o.keepAccents !== true,
        stripExtraMarks: o.keepMarks !== true,
        maxRepeat,
      };
      await eachLine(texts, (t) => {
        const r = normalize(t, options);
        return o.skeleton ? { ...r, skeleton: skeleton(t) } : r;
      });
    });

  text
    .command('tokens')
    .description('split text into words, hashtags (whole and split), mentions, URLs, emoji and numbers')
    .argument('[texts...]', 'texts (default: one per stdin line)')
    .option('--words', 'print only the normalised words ({"words": [...]}), as used for similarity')
    .option('--json', 'JSON Lines output (the default)')
    .addHelpText('after', `\n${JSON_NOTE}\nFields: tokens [{kind, text, start, end, parts?}] (offsets are UTF-16 code units of the input).\n\nExamples:\n  echo '#الدولة_الإسلامية @user https://example.com 😂' | marsad text tokens\n  marsad text tokens --words 'Breaking: #FreeSpeech2024'`)
    .action(async (texts: string[], o: { words?: boolean }) => {
      await eachLine(texts, (t) => (o.words ? { words: wordTokens(t) } : { tokens: tokenize(t) }));
    });

  text
    .command('lang')
    .description('identify the language (ar, en, fr, ru, de, nl, ckb, kmr, fa, ur, tr; Arabizi → ar)')
    .argument('[texts...]', 'texts (default: one per stdin line)')
    .option('--platform-lang <tag>', "the platform's own language tag, used when it names a language")
    .option('--json', 'JSON Lines output (the default)')
    .addHelpText('after', `\n${JSON_NOTE}\nFields: lang, confidence (0–1), source (platform|model), arabizi?, alternatives?.\n\nExamples:\n  echo 'هەرێمی کوردستان لە باکووری عێراقدایە' | marsad text lang\n  marsad text lang --platform-lang en 'wallah ya 7abibi inshallah'`)
    .action(async (texts: string[], o: { platformLang?: string }) => {
      await eachLine(texts, (t) => detectLanguage(t, o.platformLang ? { platformLang: o.platformLang } : {}));
    });

  text
    .command('urls')
    .description('find links (and defanged ones: hxxp://, example[.]com), canonicalise them, name their domain')
    .argument('[texts...]', 'texts (default: one per stdin line)')
    .option('--json', 'JSON Lines output (the default)')
    .addHelpText('after', `\n${JSON_NOTE}\nFields: urls [{raw, url, domain?, shortUrl?, unresolvedShortener}], defanged [{raw, url, domain?, start, end}].\n\nExamples:\n  echo 'see https://Example.com/a?utm_source=x#top' | marsad text urls\n  echo 'hxxps://bad-site[.]com/page' | marsad text urls`)
    .action(async (texts: string[]) => {
      await eachLine(texts, (t) => {
        const raws = extractUrls(t);
        const bare = raws.length === 0 && canonicalUrl(t.trim()) !== undefined ? [t.trim()] : raws;
        const urls = bare.flatMap((raw) => {
          const r = expandUrl({ url: raw });
          return r ? [{ raw, ...r }] : [];
        });
        return { urls, defanged: findDefanged(t) };
      });
    });
}
