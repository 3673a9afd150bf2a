import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * CPU time of the processes a benchmark involves, read from Linux's `/proc/<pid>/stat`
 * (user + system clock ticks), so a run can say where each message's CPU went: the
 * benchmark's own process, the database server and the local gateway. Where `/proc` or the
 * server's process cannot be read, the figure is left out rather than guessed.
 */
const TICKS_PER_SECOND = 100;

/** Microseconds of CPU a process has used so far, or undefined when it cannot be read. */
export function cpuMicros(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1e6) / TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}

/** The pid of the local MariaDB (or MySQL) server, if one runs on this machine. */
export function databaseServerPid(): number | undefined {
  for (const name of ['mariadbd', 'mysqld']) {
    try {
      const pid = Number(execFileSync('pidof', ['-s', name], { encoding: 'utf8' }).trim());
      if (pid > 0) return pid;
    } catch {
      // not running under this name
    }
  }
  return undefined;
}

/** Named processes whose CPU is compared before and after a stretch of work. */
export class CpuMeter {
  readonly #pids: Readonly<Record<string, number | undefined>>;

  constructor(pids: Readonly<Record<string, number | undefined>>) {
    this.#pids = pids;
  }

  /** A reading of every process now. */
  read(): Record<string, number | undefined> {
    return Object.fromEntries(
      Object.entries(this.#pids).map(([name, pid]) => [name, cpuMicros(pid)]),
    );
  }

  /** CPU microseconds per item each process spent between `since` and now. */
  perItem(since: Record<string, number | undefined>, items: number): Record<string, number> {
    const now = this.read();
    const spent: Record<string, number> = {};
    for (const [name, before] of Object.entries(since)) {
      const after = now[name];
      if (before !== undefined && after !== undefined && items > 0) {
        spent[name] = Math.round((after - before) / items);
      }
    }
    return spent;
  }
}
