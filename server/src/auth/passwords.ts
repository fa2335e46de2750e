/**
 * Password hashing: argon2id via @node-rs/argon2, whose hash and verify run on the
 * libuv thread pool (async, never blocking the event loop).
 *
 * Parameters: the OWASP minimum for argon2id (19 MiB, 2 passes, 1 lane), about
 * 20-40 ms here: costly for an offline attacker, cheap enough for a login.
 * The algorithm is left at the library default, argon2id (its `Algorithm` is a
 * `const enum`, which isolated-module builds cannot import); a test pins it.
 */
import { hash, verify } from '@node-rs/argon2';

const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies a password against a stored hash. With no stored hash (unknown user) it
 * still verifies against a dummy one, so both failures cost the same time and look alike.
 */
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  if (storedHash === null) {
    dummyHash ??= hashPassword('dummy password for unknown users');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(storedHash, password);
  } catch {
    // A malformed stored hash is a failed login, not a crash.
    return false;
  }
}
