import { UserError } from './exit.js';

/** `text=tweets,author=username` → { text: 'tweets', author: 'username' }. */
export function parseMapping(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const mapping = { ...previous };
  for (const pair of value.split(',')) {
    if (!pair.trim()) continue;
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UserError(`--map expects field=column pairs, got "${pair}"`);
    mapping[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return mapping;
}

export function parsePositiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new UserError(`${name} must be a positive whole number, got "${value}"`);
    return n;
  };
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}
