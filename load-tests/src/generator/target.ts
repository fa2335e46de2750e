// A server under test, as the generator sees it.
import type { WireKind } from './wire';

export interface Target {
  /** 'ours', 'y-websocket', 'hocuspocus', 'relay' */
  name: string;
  wire: WireKind;
  /** The process to measure (CPU, RSS), or null when it is not ours to watch. */
  pid: number | null;
  /** Where client `client` of document `doc` connects, and the document's name on the wire. */
  endpoint(doc: number, client: number): { url: string; documentName: string };
  /** Make sure documents 0..count-1 exist (ours provisions items over the HTTP API). */
  prepare(docCount: number): Promise<void>;
  stop(): Promise<void>;
}
