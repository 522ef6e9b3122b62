/** Metrics as a text table for people (the CLI prints this; `--json` prints the Metrics object). */
import type { Metrics } from './metrics.js';

const f = (x: number | undefined): string => (x === undefined || Number.isNaN(x) ? '—' : x.toFixed(4));

export function formatMetrics(m: Metrics): string {
  const width = Math.max(8, ...m.labels.map((l) => l.length));
  const pad = (s: string, n = width): string => s.padEnd(n);
  const lines = [
    `${pad('class')}  precision  recall     f1         support`,
    ...m.perClass.map((c) => `${pad(c.label)}  ${f(c.precision).padEnd(9)}  ${f(c.recall).padEnd(9)}  ${f(c.f1).padEnd(9)}  ${c.support}`),
    '',
    `examples ${m.examples}   accuracy ${f(m.accuracy)}   macro-F1 ${f(m.macroF1)}   Brier ${f(m.brier)}` +
      (m.auc !== undefined ? `   ROC AUC ${f(m.auc)}   PR AUC ${f(m.prAuc)} (positive: ${m.positive})` : m.macroAuc !== undefined ? `   macro ROC AUC ${f(m.macroAuc)}` : ''),
    '',
    'confusion (rows: true, columns: predicted)',
    `${pad('')}  ${m.labels.map((l) => l.padStart(Math.max(7, l.length))).join(' ')}`,
    ...m.confusion.map((row, i) => `${pad(m.labels[i]!)}  ${row.map((n, j) => String(n).padStart(Math.max(7, m.labels[j]!.length))).join(' ')}`),
  ];
  return lines.join('\n') + '\n';
}
