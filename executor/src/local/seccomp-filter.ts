/**
 * The seccomp filter of the local sandbox (pure logic): a classic BPF program, as
 * bubblewrap's `--seccomp FD` expects it (an array of `struct sock_filter`, 8 bytes
 * each, in the machine's byte order), built here so nothing needs compiling.
 *
 * It refuses (EPERM) what a workspace never needs and what container escapes use:
 * mounting and namespace changes (`mount`, `unshare`, `setns`, `clone` with
 * namespace flags: the sandbox cannot make a user namespace of its own, where it
 * would hold every capability and reach kernel code unprivileged users never reach),
 * file handles (`open_by_handle_at`, the "shocker" escape), `ptrace` and reading
 * other processes' memory, the kernel keyring, BPF, perf, io_uring, userfaultfd,
 * kernel modules, reboot, swap, clocks and the like. `clone3` answers ENOSYS, so
 * the C library falls back to `clone`, whose flags a classic filter can read.
 *
 * A process of another architecture's system call table (32-bit `int 0x80`, x32)
 * would bypass a table of numbers, so it is killed. Only x86_64 is built; other
 * machines refuse to start the sandbox (`SeccompUnsupportedError`).
 */

const EPERM = 1;
const ENOSYS = 38;

// <linux/filter.h> opcodes: BPF_LD|BPF_W|BPF_ABS, BPF_JMP|BPF_JEQ|BPF_K, ...
const LD_W_ABS = 0x20;
const JEQ_K = 0x15;
const JGE_K = 0x35;
const JSET_K = 0x45;
const RET_K = 0x06;

// <linux/seccomp.h>
const RET_KILL_PROCESS = 0x80000000;
const RET_ERRNO = 0x00050000;
const RET_ALLOW = 0x7fff0000;

// struct seccomp_data: int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6].
const OFFSET_NR = 0;
const OFFSET_ARCH = 4;
const OFFSET_ARG0_LOW = 16; // little-endian: the low 32 bits of args[0] come first

const AUDIT_ARCH_X86_64 = 0xc000003e;
const X32_SYSCALL_BIT = 0x40000000;

/** CLONE_NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET | NEWTIME. */
export const NAMESPACE_FLAGS = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000 | 0x00000080;

/** x86_64 numbers (arch/x86/entry/syscalls/syscall_64.tbl) of the calls refused outright. */
export const DENIED_X86_64: Readonly<Record<string, number>> = {
  ptrace: 101,
  syslog: 103,
  uselib: 134,
  ustat: 136,
  sysfs: 139,
  vhangup: 153,
  modify_ldt: 154,
  pivot_root: 155,
  _sysctl: 156,
  chroot: 161,
  adjtimex: 159,
  acct: 163,
  settimeofday: 164,
  mount: 165,
  umount2: 166,
  swapon: 167,
  swapoff: 168,
  reboot: 169,
  sethostname: 170,
  setdomainname: 171,
  iopl: 172,
  ioperm: 173,
  create_module: 174,
  init_module: 175,
  delete_module: 176,
  get_kernel_syms: 177,
  query_module: 178,
  quotactl: 179,
  nfsservctl: 180,
  lookup_dcookie: 212,
  clock_settime: 227,
  kexec_load: 246,
  add_key: 248,
  request_key: 249,
  keyctl: 250,
  unshare: 272,
  move_pages: 279,
  perf_event_open: 298,
  name_to_handle_at: 303,
  open_by_handle_at: 304,
  clock_adjtime: 305,
  setns: 308,
  process_vm_readv: 310,
  process_vm_writev: 311,
  kcmp: 312,
  finit_module: 313,
  kexec_file_load: 320,
  bpf: 321,
  userfaultfd: 323,
  io_uring_setup: 425,
  io_uring_enter: 426,
  io_uring_register: 427,
  open_tree: 428,
  move_mount: 429,
  fsopen: 430,
  fsconfig: 431,
  fsmount: 432,
  fspick: 433,
  pidfd_getfd: 438,
  mount_setattr: 442,
  quotactl_fd: 443,
  landlock_create_ruleset: 444,
};

const CLONE = 56;
const CLONE3 = 435;

export class SeccompUnsupportedError extends Error {
  constructor(readonly arch: string) {
    super(`the sandbox's seccomp filter is built for x86_64 only, not ${arch}`);
    this.name = 'SeccompUnsupportedError';
  }
}

interface Instruction {
  code: number;
  jt: number;
  jf: number;
  k: number;
}

const stmt = (code: number, k: number): Instruction => ({ code, jt: 0, jf: 0, k });
const jump = (code: number, k: number, jt: number, jf: number): Instruction => ({ code, jt, jf, k });

/** The program as instructions (exported for tests, which walk it like the kernel does). */
export function seccompProgram(arch: string = process.arch): Instruction[] {
  if (arch !== 'x64') throw new SeccompUnsupportedError(arch);
  const denied = Object.values(DENIED_X86_64);
  // Layout: header (4) | one JEQ per denied call | clone check (4) | clone3 (1) | ALLOW | ERRNO(EPERM) | KILL | ERRNO(ENOSYS)
  const header = 4;
  const cloneBlock = 4;
  const allowAt = header + denied.length + cloneBlock + 1;
  const epermAt = allowAt + 1;
  const killAt = allowAt + 2;
  const enosysAt = allowAt + 3;
  const program: Instruction[] = [];
  const to = (target: number) => target - program.length - 1; // jumps are relative to the next instruction
  program.push(stmt(LD_W_ABS, OFFSET_ARCH));
  program.push(jump(JEQ_K, AUDIT_ARCH_X86_64, 0, to(killAt)));
  program.push(stmt(LD_W_ABS, OFFSET_NR));
  program.push(jump(JGE_K, X32_SYSCALL_BIT, to(killAt), 0));
  for (const nr of denied) program.push(jump(JEQ_K, nr, to(epermAt), 0));
  // clone(flags, ...): refused when it asks for a namespace.
  program.push(jump(JEQ_K, CLONE, 0, 2));
  program.push(stmt(LD_W_ABS, OFFSET_ARG0_LOW));
  program.push(jump(JSET_K, NAMESPACE_FLAGS, to(epermAt), to(allowAt)));
  program.push(stmt(LD_W_ABS, OFFSET_NR)); // not clone: nr again (the accumulator held arg0 only on the clone path)
  program.push(jump(JEQ_K, CLONE3, to(enosysAt), 0));
  program.push(stmt(RET_K, RET_ALLOW));
  program.push(stmt(RET_K, RET_ERRNO | EPERM));
  program.push(stmt(RET_K, RET_KILL_PROCESS));
  program.push(stmt(RET_K, RET_ERRNO | ENOSYS));
  for (const instruction of program) {
    if (instruction.jt > 255 || instruction.jf > 255 || instruction.jt < 0 || instruction.jf < 0) throw new Error('seccomp program: jump out of range');
  }
  return program;
}

/** The program as bwrap reads it: `struct sock_filter[]`, little-endian (x86_64). */
export function buildSeccompFilter(arch: string = process.arch): Buffer {
  const program = seccompProgram(arch);
  const bytes = Buffer.alloc(program.length * 8);
  program.forEach((instruction, i) => {
    bytes.writeUInt16LE(instruction.code, i * 8);
    bytes.writeUInt8(instruction.jt, i * 8 + 2);
    bytes.writeUInt8(instruction.jf, i * 8 + 3);
    bytes.writeUInt32LE(instruction.k >>> 0, i * 8 + 4);
  });
  return bytes;
}

export type SeccompVerdict = 'allow' | 'eperm' | 'enosys' | 'kill';

/** Runs the program on one call, as the kernel would (for tests: the filter is data, so test it as data). */
export function evaluateSeccomp(program: Instruction[], call: { arch: number; nr: number; arg0?: number }): SeccompVerdict {
  let accumulator = 0;
  for (let pc = 0; pc < program.length; pc++) {
    const { code, jt, jf, k } = program[pc]!;
    if (code === LD_W_ABS) accumulator = k === OFFSET_ARCH ? call.arch : k === OFFSET_NR ? call.nr : (call.arg0 ?? 0) >>> 0;
    else if (code === JEQ_K) pc += accumulator === k ? jt : jf;
    else if (code === JGE_K) pc += accumulator >>> 0 >= k >>> 0 ? jt : jf;
    else if (code === JSET_K) pc += (accumulator & k) !== 0 ? jt : jf;
    else if (code === RET_K) {
      if (k === RET_ALLOW) return 'allow';
      if (k === (RET_ERRNO | EPERM)) return 'eperm';
      if (k === (RET_ERRNO | ENOSYS)) return 'enosys';
      return 'kill';
    }
  }
  throw new Error('seccomp program fell off its end');
}

export const SECCOMP_ARCH = { x86_64: AUDIT_ARCH_X86_64 } as const;
