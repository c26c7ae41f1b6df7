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
  /** Per slot (a CPU stream of the merge): its last pid asked and that pid's name. */
  private slotPid: number[] = [];
  private slotComm: string[] = [];

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
      this.slotPid = [];
    }
  }

  /**
   * `comm(pid)` remembered per slot: the merge asks per CPU stream, whose records are mostly
   * one task's while the streams take turns record by record.
   */
  commOn(slot: number, pid: number): string {
    if (this.slotPid[slot] === pid) return this.slotComm[slot];
    const comm = this.comm(pid);
    this.slotPid[slot] = pid;
    this.slotComm[slot] = comm;
    return comm;
  }

  comm(pid: number): string {
    if (pid === this.lastPid) return this.lastComm;
    const comm = pid === 0 ? '<idle>' : (this.byPid.get(pid) ?? '<...>');
    this.lastPid = pid;
    this.lastComm = comm;
    return comm;
  }
}
