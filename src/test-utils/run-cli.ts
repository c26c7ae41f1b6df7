/**
 * The command line run in-process (cli/run.ts), its output collected: what a script would see,
 * without starting Node and tsx for every call (one spawn costs about a second).
 */
import { runCli } from '../cli/run';

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

export async function runCliInProcess(...args: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const status = await runCli(args, {
    out: (text) => {
      out.push(text);
      return Promise.resolve();
    },
    err: (text) => {
      err.push(text);
    },
  });
  return { status, stdout: out.join(''), stderr: err.join('') };
}
