/** One line of the bench table. Keep names stable: figures are compared across commits. */
export interface BenchRow {
  area: string;
  name: string;
  value: number;
  unit: string;
  /** A baseline measured in the same run (machines are shared and noisy: compare ratios). */
  baseline?: { name: string; value: number };
  /** value / baseline.value (or as the note says). */
  ratio?: number;
  /** Target, when the issue names one, e.g. ">= 30000". */
  target?: string;
  note?: string;
}

export interface BenchOptions {
  quick: boolean;
}

export type BenchModule = (opts: BenchOptions) => Promise<BenchRow[]>;
