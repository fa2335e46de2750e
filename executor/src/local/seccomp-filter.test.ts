import { describe, expect, it } from 'vitest';
import { buildSeccompFilter, DENIED_X86_64, evaluateSeccomp, NAMESPACE_FLAGS, SECCOMP_ARCH, seccompProgram, SeccompUnsupportedError } from './seccomp-filter';

const program = seccompProgram('x64');
const x64 = (nr: number, arg0?: number) => evaluateSeccomp(program, { arch: SECCOMP_ARCH.x86_64, nr, arg0 });

describe('the sandbox seccomp filter', () => {
  it('refuses every denied call with EPERM', () => {
    for (const [name, nr] of Object.entries(DENIED_X86_64)) expect([name, x64(nr)]).toEqual([name, 'eperm']);
  });

  it('allows what programs use every day', () => {
    // read, write, openat, execve, fork, vfork, wait4, socket, connect, mmap, exit_group
    for (const nr of [0, 1, 257, 59, 57, 58, 61, 41, 42, 9, 231]) expect(x64(nr)).toBe('allow');
  });

  it('lets clone make threads and processes but not namespaces', () => {
    const CLONE_THREAD_FLAGS = 0x003d0f00; // what glibc's pthread_create passes
    expect(x64(56, CLONE_THREAD_FLAGS)).toBe('allow');
    expect(x64(56, 0x11 /* SIGCHLD */)).toBe('allow');
    expect(x64(56, 0x10000000 /* CLONE_NEWUSER */ | 0x11)).toBe('eperm');
    expect(x64(56, 0x20000000 /* CLONE_NEWPID */)).toBe('eperm');
    expect(NAMESPACE_FLAGS & CLONE_THREAD_FLAGS).toBe(0);
  });

  it('answers clone3 with ENOSYS so the C library falls back to clone', () => {
    expect(x64(435)).toBe('enosys');
  });

  it('kills calls of other tables: x32 and 32-bit', () => {
    expect(x64(0x40000000 + 1)).toBe('kill');
    expect(evaluateSeccomp(program, { arch: 0x40000003 /* AUDIT_ARCH_I386 */, nr: 165 })).toBe('kill');
  });

  it('encodes struct sock_filter as bwrap reads it', () => {
    const bytes = buildSeccompFilter('x64');
    expect(bytes.length).toBe(program.length * 8);
    expect(bytes.readUInt16LE(0)).toBe(0x20); // BPF_LD|BPF_W|BPF_ABS
    expect(bytes.readUInt32LE(4)).toBe(4); // offsetof(struct seccomp_data, arch)
  });

  it('refuses to build for another architecture', () => {
    expect(() => seccompProgram('arm64')).toThrow(SeccompUnsupportedError);
  });
});
