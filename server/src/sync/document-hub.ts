// PLACEHOLDER: replaced by its owner.
import type { Documents, ServerContext } from '../context';

export class DocumentHub implements Documents {
  constructor(readonly ctx: ServerContext) {}
  async readText(): Promise<string> { return ''; }
  async writeText(): Promise<void> {}
  dropItem(): void {}
  loadedCount(): number { return 0; }
  connectionCount(): number { return 0; }
  async close(): Promise<void> {}
}
