import { Option, type Command } from 'commander';
import { reviewService, VERDICTS, type Verdict } from '../../cases/review.js';
import { DEFAULT_DB } from '../../store/db.js';
import { EXIT, UserError } from '../exit.js';
import { parsePositiveInt, printJson } from '../options.js';
import { withStore } from './store-option.js';


export function register(program: Command): void {
  const cases = program.command('cases').description('the review queue: list cases, record decisions, check the audit chain');

  cases
    .command('list')
    .description('open cases, most urgent first (or least certain first with --order uncertainty)')
    .option('--db <file>', 'SQLite store', DEFAULT_DB)
    .addOption(new Option('--order <order>', 'queue order').choices(['priority', 'uncertainty']).default('priority'))
    .option('--limit <n>', 'how many', parsePositiveInt('--limit'), 20)
    .option('--open-uncertain <n>', 'first open cases for the n posts the classifier is least sure of', parsePositiveInt('--open-uncertain'))
    .option('--json', 'one JSON array')
    .addHelpText('after', '\nExamples:\n  marsad cases list\n  marsad cases list --open-uncertain 50 --order uncertainty --json')
    .action((o: { db: string; order: 'priority' | 'uncertainty'; limit: number; openUncertain?: number; json?: boolean }) =>
      withStore(o.db, (store) => {
        const review = reviewService(store);
        if (o.openUncertain) review.openUncertainCases(o.openUncertain);
        const queue = review.queue({ limit: o.limit, order: o.order });
        if (o.json) return printJson(queue);
        for (const c of queue) {
          const u = c.uncertainty === undefined ? '' : `  uncertainty ${c.uncertainty.toFixed(3)}`;
          process.stdout.write(`${c.id}  ${c.subject.kind} ${c.subject.id}  priority ${c.priority.toFixed(2)}  ${c.reasons.join(',')}${u}\n`);
        }
      }),
    );

  cases
    .command('decide')
    .description('record a reviewer decision (a --label teaches the classifier on the next retrain)')
    .argument('<case-id>')
    .requiredOption('--reviewer <name>', 'who decides')
    .addOption(new Option('--verdict <verdict>', 'the decision').choices([...VERDICTS]).makeOptionMandatory())
    .option('--label <label>', 'training label for the post, e.g. propaganda or benign')
    .option('--note <text>', 'free-text note (kept in the audit chain)')
    .option('--db <file>', 'SQLite store', DEFAULT_DB)
    .option('--json', 'print the updated case as JSON')
    .addHelpText('after', '\nExample:\n  marsad cases decide 0d6f… --reviewer amal --verdict violating --label propaganda')
    .action((caseId: string, o: { reviewer: string; verdict: Verdict; label?: string; note?: string; db: string; json?: boolean }) =>
      withStore(o.db, (store) => {
        const review = reviewService(store);
        if (!review.getCase(caseId)) throw new UserError(`no case ${caseId}`);
        const updated = review.decide(caseId, o.reviewer, o.verdict, { ...(o.label ? { label: o.label } : {}), ...(o.note ? { note: o.note } : {}) });
        if (o.json) printJson(updated);
        else process.stdout.write(`${updated.id} ${updated.status}\n`);
      }),
    );

  cases
    .command('verify-audit')
    .description('check the hash chain of the audit log (exit 1 if any entry was altered or removed)')
    .option('--db <file>', 'SQLite store', DEFAULT_DB)
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExamples:\n  marsad cases verify-audit\n  marsad cases verify-audit --db study.db --json   # {"intact":true}')
    .action((o: { db: string; json?: boolean }) =>
      withStore(o.db, (store) => {
        const problem = reviewService(store).verifyAudit();
        if (o.json) printJson({ intact: !problem, ...(problem ? { problem } : {}) });
        else process.stdout.write(problem ? `audit chain broken at entry ${problem.seq} (${problem.problem})\n` : 'audit chain intact\n');
        if (problem) process.exitCode = EXIT.failure;
      }),
    );
}
