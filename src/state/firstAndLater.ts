/**
 * Work that succeeds at most twice: at the first call, and at the first call `laterMs` after this
 * was made (with the process, for its users). For adopting what an instance of the previous version
 * may still write during a rolling deploy (ten minutes, the time a deploy is assumed to take), when
 * the adopting is a prefix scan that walks the whole keyspace and so must not run every time.
 * Concurrent callers share a run; a failed run is made again by the next call.
 */
export class FirstAndLater {
  private readonly runs = new Map<'first' | 'later', Promise<void>>();
  private readonly startedAt: number;

  constructor(
    private readonly work: () => Promise<void>,
    private readonly now: () => number = Date.now,
    private readonly laterMs = 10 * 60 * 1000,
  ) {
    this.startedAt = now();
  }

  run(): Promise<void> {
    const round = this.now() - this.startedAt < this.laterMs ? 'first' : 'later';
    let run = this.runs.get(round);
    if (!run) {
      run = this.work().catch((err: unknown) => {
        this.runs.delete(round);
        throw err;
      });
      this.runs.set(round, run);
    }
    return run;
  }
}
