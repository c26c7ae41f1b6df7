/**
 * Task names from the saved cmdlines (`PID COMM` lines), named as libtraceevent does
 * (src/event-parse.c find_cmdline): pid 0 is `<idle>`, a pid with no saved name `<...>`.
 */
export class Cmdlines {
  private readonly byPid = new Map<number, string>();

  constructor(text: string) {
    for (const line of text.split('\n')) {
      const m = /^\s*(\d+) (.+)$/.exec(line);
      if (m) this.byPid.set(Number(m[1]), m[2]);
    }
  }

  comm(pid: number): string {
    if (pid === 0) return '<idle>';
    return this.byPid.get(pid) ?? '<...>';
  }
}
