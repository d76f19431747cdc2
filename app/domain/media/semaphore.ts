/**
 * At most `slots` tasks run at once; the rest wait in arrival order, and
 * past `maxWaiting` a new task is refused at once (the caller says "busy")
 * rather than queued behind a minute of work.
 */
export class Semaphore {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly slots: number,
    private readonly maxWaiting: number,
  ) {}

  get busy(): boolean {
    return this.running >= this.slots && this.waiting.length >= this.maxWaiting;
  }

  /** Runs fn in a slot; null when the queue is full (fn not run). */
  async run<T>(fn: () => Promise<T>): Promise<{ value: T } | null> {
    if (this.running >= this.slots) {
      if (this.waiting.length >= this.maxWaiting) return null;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return { value: await fn() };
    } finally {
      // Hand the slot straight to the next in line (running stays the same).
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
