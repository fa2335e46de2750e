/**
 * The holder program itself (holder.py, a real process on a real pty, no sandbox):
 * replay from an offset, fencing by epoch, hostile frames, exit kept until read.
 * The sandboxed path is held-terminals.integration.test.ts.
 */
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../contract/wait-for';
import { HeldTerminals } from '../local/held-terminals';
import { makeDataDir, removeDataDir } from '../local/testing/data-dir';
import { HolderRefusedError, type HeldTerminalHandle } from './holder-client';
import { encodeAttach, encodeInput, HolderDecoder, type HolderMessage } from './holder-protocol';

let dir: string;
beforeAll(async () => {
  dir = await makeDataDir('tandem-holder');
});
afterAll(async () => {
  // Whatever a failed test left: the newest epoch takes every holder over and kills it.
  await holders(Number.MAX_SAFE_INTEGER).killAll();
  await removeDataDir(dir);
});

function holders(epoch: number, ringUnits = 1024 * 1024): HeldTerminals {
  return new HeldTerminals({
    dir: join(dir, 'holders'),
    start: {
      command: (argv) => ({ file: argv[0]!, args: argv.slice(1), env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, TERM: 'xterm-256color', HISTFILE: '/dev/null' }, cwd: dir }),
      python: '/usr/bin/python3',
    },
    shell: ['bash', '--norc', '--noprofile'],
    ringUnits,
    epoch: () => epoch,
  });
}

function collect(handle: HeldTerminalHandle): { text: () => string } {
  let text = '';
  handle.onData((d) => (text += d));
  return { text: () => text };
}

/** A raw connection, to send what the client library never would. */
async function raw(id: string): Promise<{ socket: Socket; messages: HolderMessage[]; closed: Promise<void> }> {
  const socket = connect(join(dir, 'holders', `${id}.sock`));
  await new Promise((resolve) => socket.once('connect', resolve));
  const decoder = new HolderDecoder();
  const messages: HolderMessage[] = [];
  socket.on('data', (chunk: Buffer) => messages.push(...decoder.push(chunk)));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return { socket, messages, closed };
}

describe('the session holder', () => {
  it('replays from an offset to a new attacher, and the shell is the same', async () => {
    const first = await holders(1).open({ cols: 80, rows: 24 });
    const out = collect(first);
    first.write("PS1='$ '; echo pid=$(($$ + 0))\n");
    const pid = (await waitFor(() => /pid=(\d+)/.exec(out.text())?.[1], 'the pid')) as string;
    first.detach();
    await first.closed;

    const again = await holders(1).attach(first.id, 0);
    expect(again.start).toBe(0);
    const replay = collect(again);
    await waitFor(() => replay.text().includes(`pid=${pid}`), 'the replay');
    expect(again.state.pid).toBe(Number(pid));
    const before = replay.text().length;
    again.write('echo second=$(($$ + 0))\n');
    await waitFor(() => replay.text().includes(`second=${pid}`), 'output after re-attach');

    // From an offset in the middle: exactly the rest of the stream.
    const middle = await holders(1).attach(first.id, 5);
    const rest = collect(middle);
    await waitFor(() => rest.text().length >= replay.text().length - 5 && rest.text().includes(`second=${pid}`), 'the rest');
    expect(rest.text()).toBe(replay.text().slice(5, 5 + rest.text().length));
    expect(before).toBeGreaterThan(0);
    middle.kill();
    await middle.closed;
  });

  it('refuses an attacher with an older epoch, and cuts off the one a newer attacher supersedes', async () => {
    const old = await holders(10).open({ cols: 80, rows: 24 });
    const newer = await holders(11).attach(old.id, null);
    await old.closed; // superseded: its connection is closed
    await expect(holders(10).attach(old.id, null)).rejects.toBeInstanceOf(HolderRefusedError);

    // The superseded one cannot type: its writes go nowhere, the shell sees only the newer one's.
    old.write('echo FROM-""OLD\n');
    const out = collect(newer);
    newer.write('echo FROM-""NEW\n');
    await waitFor(() => out.text().includes('FROM-NEW\r\n'), 'the newer attacher\'s echo');
    expect(out.text()).not.toContain('FROM-OLD');
    newer.kill();
    await newer.closed;
  });

  it('survives garbage, unknown and oversized frames, and keeps the shell', async () => {
    const handle = await holders(20).open({ cols: 80, rows: 24 });
    const out = collect(handle);
    const attacks: Buffer[] = [
      Buffer.from('GET / HTTP/1.1\r\n\r\n'),
      Buffer.from([0xff, 0xff, 0xff, 0xff, 1, 2, 3]), // a 4 GiB frame
      Buffer.concat([Buffer.from([0, 0, 0, 3, 1]), Buffer.from('{x')]), // attach that is not JSON
      Buffer.concat([Buffer.from([0, 0, 0, 1, 99])]), // unknown type, unattached
      encodeInput('echo SHOULD-""NOT-RUN\n'), // input without attaching
      Buffer.concat([Buffer.from([0, 0, 0, 0])]), // an empty frame
      encodeAttach(-5, 20),
    ];
    for (const attack of attacks) {
      const { socket, closed } = await raw(handle.id);
      socket.write(attack);
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 1000))]);
      socket.destroy();
    }
    // A frame just under the limit, then one over it, from a connection that never attaches.
    const big = await raw(handle.id);
    big.socket.write(Buffer.concat([Buffer.from([0, 3, 0xff, 0xff, 2]), Buffer.alloc(0x3ffff - 1, 0x61)]));
    await Promise.race([big.closed, new Promise((resolve) => setTimeout(resolve, 2000))]);
    big.socket.destroy();

    // The attached client is superseded by nobody: same epoch; the holder and the shell still work.
    handle.write('echo still-""here\n');
    await waitFor(() => out.text().includes('still-here\r\n'), 'the shell after the attacks');
    expect(out.text()).not.toContain('SHOULD-NOT-RUN\r\n');
    handle.kill();
    await handle.closed;
  });

  it('keeps the exit code until a KILL releases the holder', async () => {
    const handle = await holders(30).open({ cols: 80, rows: 24 });
    const codes: number[] = [];
    handle.onExit((code) => codes.push(code));
    handle.write('exit 7\n');
    await waitFor(() => codes.length > 0, 'the exit');
    expect(codes).toEqual([7]);
    handle.detach();
    await handle.closed;

    const listed = await holders(30).list();
    expect(listed.find((t) => t.id === handle.id)?.exitCode).toBe(7);
    const again = await holders(30).attach(handle.id, 0);
    const later: number[] = [];
    again.onExit((code) => later.push(code));
    await waitFor(() => later.length > 0, 'the exit again');
    expect(later).toEqual([7]);
    again.kill();
    await again.closed;
    await waitFor(async () => !(await holders(30).list()).some((t) => t.id === handle.id), 'the holder gone');
  });

  it('keeps at least its ring of output and says what it skipped', async () => {
    const handle = await holders(40, 4096).open({ cols: 80, rows: 24 });
    const out = collect(handle);
    handle.write('for i in $(seq 1 3000); do echo line-$i; done; echo DO""NE\n');
    await waitFor(() => out.text().includes('DONE\r\n'), 'the flood', 20_000);
    handle.detach();
    await handle.closed;
    const again = await holders(40).attach(handle.id, 0);
    expect(again.start).toBeGreaterThan(0);
    expect(again.state.end - again.state.start).toBeGreaterThanOrEqual(4096);
    const replay = collect(again);
    await waitFor(() => replay.text().includes('DONE\r\n'), 'the replay of the ring');
    expect(out.text().endsWith(replay.text().slice(-2000))).toBe(true);
    again.kill();
    await again.closed;
  });
});
