/** Errors of the k6-lite runner: a bad option or threshold, or a script that failed to load or set up. */
export class K6LiteError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An option k6 would refuse (a duration, a VU count). */
export class InvalidOptionError extends K6LiteError {}

/** A threshold expression or metric selector k6 would refuse at startup. */
export class InvalidThresholdError extends K6LiteError {}

/** The script threw in its init context, setup() or teardown(): k6 stops the test there. */
export class ScriptError extends K6LiteError {}
