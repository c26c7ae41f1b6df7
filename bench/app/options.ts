/** The app benchmark's options (listed at the top of bench/app/run.ts). */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { numberOption } from '../args';
import { TRACE_DIR } from './traces';

export interface Options {
  small: number;
  large: number;
  doLarge: boolean;
  /** The main-thread long tasks step (long-tasks.ts), once per trace and scenario. */
  longTasks: boolean;
  loadRuns: number;
  reps: number;
  profile: 'auto' | 'never' | 'always';
  json: string;
}

export function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      small: { type: 'string' },
      large: { type: 'string' },
      'no-large': { type: 'boolean' },
      'no-long-tasks': { type: 'boolean' },
      'load-runs': { type: 'string' },
      reps: { type: 'string' },
      profile: { type: 'boolean' },
      'no-profile': { type: 'boolean' },
      json: { type: 'string' },
    },
  });
  if (values.profile && values['no-profile']) throw new Error('--profile and --no-profile exclude each other');
  return {
    small: numberOption('small', values.small, 1_000_000),
    large: numberOption('large', values.large, 5_000_000),
    doLarge: !values['no-large'],
    longTasks: !values['no-long-tasks'],
    loadRuns: numberOption('load-runs', values['load-runs'], 3, 1),
    reps: numberOption('reps', values.reps, 10, 1),
    profile: values.profile ? 'always' : values['no-profile'] ? 'never' : 'auto',
    json: values.json ?? join(TRACE_DIR, 'last.json'),
  };
}
