/**
 * A `trace-cmd record …` command line read as trace-cmd reads it: getopt_long over the
 * record options string of trace-cmd's tracecmd/trace-record.c parse_record_options
 * (`+hae:f:FA:p:cC:dDGo:O:s:r:vg:l:n:P:N:tb:R:B:ksSiTm:M:H:q`: a letter followed by `:`
 * takes an argument, the leading `+` stops at the first word that is no option, which
 * starts the command to run). Words are split on spaces: the commands the Hook points
 * panel makes hold no quoting.
 */
const RECORD_OPTS = 'hae:f:FA:p:cC:dDGo:O:s:r:vg:l:n:P:N:tb:R:B:ksSiTm:M:H:q';

export interface RecordArgs {
  /** Each option in order, with its argument ('' for a flag). */
  options: { flag: string; arg: string }[];
  /** The command trace-cmd runs (the words after the options), [] when none. */
  command: string[];
}

/** Reads `trace-cmd record OPTIONS [COMMAND]`; throws on what trace-cmd would refuse. */
export function parseRecordCommand(line: string): RecordArgs {
  const words = line.split(' ').filter((w) => w !== '');
  if (words[0] !== 'trace-cmd' || words[1] !== 'record') throw new Error(`not a trace-cmd record command: ${line}`);
  const options: RecordArgs['options'] = [];
  let i = 2;
  for (; i < words.length; i++) {
    const w = words[i];
    if (w === '--') {
      i++;
      break;
    }
    if (!w.startsWith('-') || w === '-') break;
    if (w.startsWith('--')) throw new Error(`long option not read here: ${w}`);
    // Short options, possibly bundled (-Fc), the last one taking the rest or the next word.
    for (let k = 1; k < w.length; k++) {
      const flag = w[k];
      const at = RECORD_OPTS.indexOf(flag);
      if (at < 0) throw new Error(`unknown option -${flag}`);
      if (RECORD_OPTS[at + 1] === ':') {
        const rest = w.slice(k + 1);
        const arg = rest !== '' ? rest : words[++i];
        if (arg === undefined) throw new Error(`-${flag} needs an argument`);
        options.push({ flag, arg });
        break;
      }
      options.push({ flag, arg: '' });
    }
  }
  return { options, command: words.slice(i) };
}
