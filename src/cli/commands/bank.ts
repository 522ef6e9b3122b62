import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { BANK_FORMATS } from '../../hashing/banks/index.js';
import {
  BANK_FORMAT_ALIASES, BankError, createBank, deleteBank, exportBankText, importBankText, listBanks, setBankEnabled, type BankSummary,
} from '../../store/banks.js';
import { DEFAULT_DB } from '../../store/db.js';
import { EXIT, UserError } from '../exit.js';
import { printJson } from '../options.js';
import { withStore } from './store-option.js';

const FORMAT_HELP = Object.entries(BANK_FORMATS).map(([name, f]) => `  ${name.padEnd(10)} ${f.description}`).join('\n');
const ALIASES = 'aliases: pytx-signals = pytx-file, tcap = tcap-json';

function parseFormat(value: string) {
  const format = BANK_FORMAT_ALIASES[value.toLowerCase()];
  if (!format) throw new UserError(`--format must be one of ${Object.keys(BANK_FORMAT_ALIASES).join(', ')}, got "${value}"`);
  return format;
}

/** Bank errors are the user's to fix: a message and exit code 2. */
const bankError = (err: unknown) => (err instanceof BankError ? new UserError(err.message, err.code) : undefined);

function formatList(banks: BankSummary[]): string {
  if (banks.length === 0) return 'no banks (create one with `marsad bank create NAME` or `marsad bank import FILE --bank NAME`)\n';
  return banks
    .map((b) => {
      const types = Object.entries(b.byType).map(([t, n]) => `${t} ${n}`).join(', ') || 'empty';
      const state = b.enabled ? 'enabled ' : 'disabled';
      return `${b.name.padEnd(24)} ${state} ${String(b.entries).padStart(8)} entries (${types})${b.deleted ? `, ${b.deleted} deleted` : ''}${b.description ? `  — ${b.description}` : ''}`;
    })
    .join('\n') + '\n';
}

interface DbJson {
  db: string;
  json?: boolean;
}

export function register(program: Command): void {
  const bank = program
    .command('bank')
    .description('hash banks: lists of known content (PDQ, md5, sha256, video_md5, url, raw_text) that posts are matched against')
    .addHelpText(
      'after',
      `
Examples:
  marsad bank create lantern --description "Northern Lantern releases"
  marsad bank import tcap-hashes.json --bank tcap            format sniffed; bank created if missing
  marsad bank import signals.txt --bank lantern --format pytx-signals
  marsad bank list --json
  marsad bank disable tcap
  marsad bank export --bank lantern --format pytx-csv -o lantern.csv
  marsad match --db marsad.db --all                           then match the store against the enabled banks`,
    );

  bank
    .command('create')
    .description('create an empty bank')
    .argument('<name>', 'bank name: letters, digits, _ . : - (no spaces)')
    .option('--description <text>', 'what the bank holds')
    .option('--disabled', 'create it disabled (not matched until `bank enable`)')
    .option('--db <file>', 'SQLite store (created if missing)', DEFAULT_DB)
    .option('--json', 'print the bank as JSON')
    .addHelpText('after', '\nExamples:\n  marsad bank create lantern --description "Northern Lantern releases"\n\nExit codes: 0 created, 2 bad name or the bank exists.')
    .action(async (name: string, o: DbJson & { description?: string; disabled?: boolean }) => {
      const created = await withStore(o.db, (s) => createBank(s.db, { name, ...(o.description ? { description: o.description } : {}), enabled: !o.disabled }), { create: true, userError: bankError });
      if (o.json) printJson(created);
      else process.stdout.write(`created bank ${created.name}${created.enabled ? '' : ' (disabled)'}\n`);
    });

  bank
    .command('list')
    .description('list banks with their entry counts per signal type')
    .option('--db <file>', 'SQLite store', DEFAULT_DB)
    .option('--json', 'print a JSON array')
    .addHelpText('after', '\nExamples:\n  marsad bank list\n  marsad bank list --json | jq \'.[] | select(.enabled) | .name\'')
    .action(async (o: DbJson) => {
      const banks = await withStore(o.db, (s) => listBanks(s.db), { userError: bankError });
      if (o.json) printJson(banks);
      else process.stdout.write(formatList(banks));
    });

  for (const [verb, enabled] of [['enable', true], ['disable', false]] as const) {
    bank
      .command(verb)
      .description(enabled ? 'match posts against this bank again' : 'keep the bank but stop matching against it')
      .argument('<name>', 'bank name')
      .option('--db <file>', 'SQLite store', DEFAULT_DB)
      .option('--json', 'print {"bank", "enabled"}')
      .addHelpText('after', `\nExamples:\n  marsad bank ${verb} lantern\n\nExit codes: 0 done, 2 no such bank.`)
      .action(async (name: string, o: DbJson) => {
        const found = await withStore(o.db, (s) => setBankEnabled(s.db, name, enabled), { userError: bankError });
        if (!found) throw new UserError(`no bank named ${name} (see \`marsad bank list\`)`, 'bank_not_found');
        if (o.json) printJson({ bank: name, enabled });
        else process.stdout.write(`bank ${name} ${enabled ? 'enabled' : 'disabled'}\n`);
      });
  }

  bank
    .command('delete')
    .description('delete a bank and all its entries (match signals already written stay until the next `match --all`)')
    .argument('<name>', 'bank name')
    .option('--db <file>', 'SQLite store', DEFAULT_DB)
    .option('--json', 'print {"bank", "entries"}')
    .addHelpText('after', '\nExamples:\n  marsad bank delete old-list\n\nExit codes: 0 deleted, 2 no such bank.')
    .action(async (name: string, o: DbJson) => {
      const entries = await withStore(o.db, (s) => deleteBank(s.db, name), { userError: bankError });
      if (entries === undefined) throw new UserError(`no bank named ${name} (see \`marsad bank list\`)`, 'bank_not_found');
      if (o.json) printJson({ bank: name, entries });
      else process.stdout.write(`deleted bank ${name} (${entries} entries)\n`);
    });

  bank
    .command('import')
    .description('add the entries of a bank file to a bank (created if missing); idempotent')
    .argument('<file>', 'bank file')
    .requiredOption('--bank <name>', 'bank to import into')
    .option('--format <format>', 'file format (default: sniffed)', parseFormat)
    .option('--db <file>', 'SQLite store (created if missing)', DEFAULT_DB)
    .option('--json', 'print the import summary as JSON')
    .addHelpText(
      'after',
      `
Formats:
${FORMAT_HELP}
  (${ALIASES})

TCAP records with "deleted": true mark the entry deleted (kept as a tombstone, never matched).
Rows a format refuses (bad hash, unsupported signal type such as text_tlsh) are reported with their
line; the rest is imported.

Examples:
  marsad bank import tcap-page.json --bank tcap
  marsad bank import pytx-dataset.csv --bank gifct --format pytx-csv
  marsad bank import hma-state.csv --bank hma --format hma-csv --json

Exit codes: 0 all rows imported, 3 some rows refused, 1 no row could be imported, 2 bad usage.`,
    )
    .action(async (file: string, o: DbJson & { bank: string; format?: ReturnType<typeof parseFormat> }) => {
      if (!existsSync(file)) throw new UserError(`no such file: ${file}`);
      const text = readFileSync(file, 'utf8');
      const r = await withStore(o.db, (s) => importBankText(s.db, o.bank, text, { ...(o.format ? { format: o.format } : {}), fileName: basename(file) }), { create: true, userError: bankError });
      if (o.json) printJson({ bank: o.bank, ...r });
      else {
        process.stdout.write(`${o.bank}: ${r.added} added, ${r.updated} already there, ${r.deleted} marked deleted, ${r.errors.length} refused (${r.format}${r.created ? ', bank created' : ''})\n`);
      }
      for (const e of r.errors) process.stderr.write(`marsad: ${file}:${e.line}: ${e.message}\n`);
      if (r.errors.length > 0) process.exitCode = r.added + r.updated + r.deleted === 0 ? EXIT.failure : EXIT.partial;
    });

  bank
    .command('export')
    .description('write a bank in one of the bank file formats')
    .requiredOption('--bank <name>', 'bank to export')
    .requiredOption('--format <format>', 'file format', parseFormat)
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .option('--db <file>', 'SQLite store', DEFAULT_DB)
    .addHelpText(
      'after',
      `
Formats:
${FORMAT_HELP}
  (${ALIASES})

Entries a format cannot carry (URLs and texts in hma-csv or tcap-json, texts with line breaks in
pytx-file) are skipped and counted on standard error. tcap-json includes deleted entries as
"deleted": true.

Examples:
  marsad bank export --bank lantern --format pytx-csv > lantern.csv
  marsad bank export --bank tcap --format tcap -o tcap-copy.json

Exit codes: 0 written, 3 written but some entries skipped, 2 bad usage or no such bank.`,
    )
    .action(async (o: { db: string; bank: string; format: ReturnType<typeof parseFormat>; output?: string }) => {
      const r = await withStore(o.db, (s) => exportBankText(s.db, o.bank, o.format), { userError: bankError });
      if (o.output) writeFileSync(o.output, r.text);
      else process.stdout.write(r.text);
      if (r.skipped > 0) {
        process.stderr.write(`marsad: ${r.skipped} entries of ${o.bank} cannot be written as ${o.format} and were skipped\n`);
        process.exitCode = EXIT.partial;
      }
    });
}
