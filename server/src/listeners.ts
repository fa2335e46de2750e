/**
 * A set of callbacks: `add` returns the removal, `each` visits them (the caller decides
 * how each is called, e.g. guarded so one throwing listener does not stop the rest).
 */
export class Listeners<F extends (...args: never[]) => void> {
  private readonly set = new Set<F>();

  add(listener: F): () => void {
    this.set.add(listener);
    return () => void this.set.delete(listener);
  }

  each(visit: (listener: F) => void): void {
    for (const listener of this.set) visit(listener);
  }
}
