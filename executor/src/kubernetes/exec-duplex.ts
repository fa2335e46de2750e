/**
 * An exec stream as a byte stream (`Duplex`): stdin and stdout of a command in the
 * pod, with backpressure both ways (a full read buffer pauses the WebSocket). Used to
 * speak the holder protocol through `holder.py attach`, which bridges to the socket.
 */
import { Duplex } from 'node:stream';
import { ExecSession, type ExecTarget } from './exec-session';

export async function openExecDuplex(target: ExecTarget, command: string[], keepaliveMs: number): Promise<Duplex> {
  let session: ExecSession | undefined;
  const duplex = new Duplex({
    read: () => session?.resume(),
    write: (chunk: Buffer, _encoding, callback) => {
      session?.write(chunk);
      callback();
    },
    final: (callback) => {
      session?.closeStdin();
      callback();
    },
    destroy: (error, callback) => {
      session?.close();
      callback(error);
    },
  });
  session = await ExecSession.open(target, {
    command,
    stdin: true,
    tty: false,
    keepaliveMs,
    onStdout: (data) => {
      if (!duplex.push(data)) session?.pause();
    },
  });
  // What was read before the command ended is still delivered: closed after the end of stdout.
  duplex.once('end', () => duplex.destroy());
  const ended = () => {
    duplex.push(null);
    if (duplex.readableFlowing === null) duplex.destroy(); // nobody reads: nothing to wait for
  };
  session.done.then(ended, ended);
  return duplex;
}
