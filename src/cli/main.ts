#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { commands } from './commands/index.js';
import { EXIT, UserError } from './exit.js';

const program = new Command('marsad')
  .description('Marsad (مرصد) — find coordinated propaganda campaigns in social-media data.')
  .version('0.1.0')
  .showHelpAfterError()
  .exitOverride();

for (const register of commands) register(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else if (error instanceof UserError) {
    process.stderr.write(`marsad: ${error.message}\n`);
    process.exitCode = error.exitCode;
  } else {
    process.stderr.write(`marsad: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = EXIT.failure;
  }
}
