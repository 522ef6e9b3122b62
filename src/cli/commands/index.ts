import type { Command } from 'commander';
import { register as exportCommand } from './export.js';
import { register as ingestCommand } from './ingest.js';
import { register as statsCommand } from './stats.js';

/** Each command module adds its sub-commands to the program. Keep this list alphabetical. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [
  exportCommand,
  ingestCommand,
  statsCommand,
];
