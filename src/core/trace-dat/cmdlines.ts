/**
 * Task names from the saved cmdlines (`PID COMM` lines), named as libtraceevent does
 * (src/event-parse.c find_cmdline): pid 0 is `<idle>`, a pid with no saved name `<...>`.
 * The kernel saves a limited number of them (saved_cmdlines_size, 128 by default): a pid
 * missing from them is named by the sched_switch and sched_wakeup events that print it,
 * from that event on, as libtraceevent's sched_switch plugin does (tep_register_comm,
 * which never replaces a saved name).
 */
export class Cmdlines {
  private readonly byPid = new Map<number, string>();
  /** The last pid asked and its name: consecutive records are mostly one task's. */
  private lastPid = -1;
  private lastComm = '';

  constructor(text: string) {
    for (const line of text.split('\n')) {
      const m = /^\s*(\d+) (.+)$/.exec(line);
      if (m) this.byPid.set(Number(m[1]), m[2]);
    }
  }

  /** A name an event gave `pid`: kept unless the pid already has one. */
  learn(pid: number, comm: string): void {
    if (pid > 0 && comm !== '' && !this.byPid.has(pid)) {
      this.byPid.set(pid, comm);
      this.lastPid = -1;
    }
  }

  comm(pid: number): string {
    if (pid === this.lastPid) return this.lastComm;
    const comm = pid === 0 ? '<idle>' : (this.byPid.get(pid) ?? '<...>');
    this.lastPid = pid;
    this.lastComm = comm;
    return comm;
  }
}
