import type { Command } from 'commander';
import { register as accountsCommand } from './accounts.js';
import { register as analyzeCommand } from './analyze.js';
import { register as casesCommand } from './cases.js';
import { register as bankCommand } from './bank.js';
import { register as coordinationCommand } from './coordination.js';
import { register as demoCommand } from './demo.js';
import { register as exportCommand } from './export.js';
import { register as hashCommand } from './hash.js';
import { register as ingestCommand } from './ingest.js';
import { register as matchCommand } from './match.js';
import { register as modelCommand } from './model.js';
import { register as simulateCommand } from './simulate.js';
import { register as statsCommand } from './stats.js';
import { register as textCommand } from './text.js';
import { register as watchCommand } from './watch.js';

/** Each command module adds its sub-commands to the program. Keep this list alphabetical. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [
  analyzeCommand,
  accountsCommand,
  bankCommand,
  casesCommand,
  coordinationCommand,
  demoCommand,
  exportCommand,
  hashCommand,
  ingestCommand,
  matchCommand,
  modelCommand,
  simulateCommand,
  statsCommand,
  textCommand,
  watchCommand,
];
