/**
 * Of several loads of one thing, only the one started last may set it. Two loads of a
 * review page's history can be in flight at once (the page's own after an action, and
 * one a notification started), and their answers can arrive in either order: without
 * this, an answer read before the newest event could land last and hide that event
 * until the next reload.
 */
export function latestOnly<T>(apply: (value: T) => void): (load: Promise<T>) => Promise<void> {
  let started = 0;
  return (load) => {
    const mine = ++started;
    return load.then((value) => {
      if (mine === started) apply(value);
    });
  };
}
