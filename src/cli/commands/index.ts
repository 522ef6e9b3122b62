import type { Command } from 'commander';

/** Each command module adds its sub-commands to the program. Keep this list alphabetical. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [];
