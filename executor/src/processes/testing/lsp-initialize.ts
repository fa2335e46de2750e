/**
 * Just enough of the language server protocol's base layer for tests: a JSON-RPC
 * message framed with `Content-Length` (bytes of the UTF-8 body), and an
 * `initialize` request whose answer proves a language server is up and speaking.
 */
import type { ProcessHandle } from '../../executor';

export function lspFrame(message: object): string {
  const body = JSON.stringify({ jsonrpc: '2.0', ...message });
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

/** Splits a byte stream into messages; returns a function to feed it chunks. */
export function lspReader(onMessage: (message: Record<string, unknown>) => void): (chunk: Buffer) => void {
  let buffered = Buffer.alloc(0);
  return (chunk) => {
    buffered = Buffer.concat([buffered, chunk]);
    for (;;) {
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffered.subarray(0, end).toString('ascii'))?.[1]);
      if (!Number.isInteger(length)) throw new Error(`no Content-Length in ${JSON.stringify(buffered.subarray(0, end).toString())}`);
      if (buffered.length < end + 4 + length) return;
      onMessage(JSON.parse(buffered.subarray(end + 4, end + 4 + length).toString('utf8')) as Record<string, unknown>);
      buffered = buffered.subarray(end + 4 + length);
    }
  };
}

/** Sends `initialize` and resolves with the server's answer (its `result`), or rejects when it exits first. */
export function initialize(handle: ProcessHandle, rootUri: string): Promise<{ capabilities: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    handle.onStderr((chunk) => (stderr += chunk.toString()));
    handle.onStdout(
      lspReader((message) => {
        if (message.id === 1) resolve(message.result as { capabilities: Record<string, unknown> });
      }),
    );
    handle.onExit((code, signal) => reject(new Error(`the language server exited (${code ?? signal}) before answering: ${stderr}`)));
    handle.write(lspFrame({ id: 1, method: 'initialize', params: { processId: null, rootUri, capabilities: {}, workspaceFolders: null } }));
  });
}
