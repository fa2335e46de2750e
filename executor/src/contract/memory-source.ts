/** A `WorkspaceSource` over an in-memory map: the documents, as the contract suite edits them. */
import type { WorkspaceFile, WorkspaceSource } from '../executor';

export class MemorySource implements WorkspaceSource {
  readonly files = new Map<string, Map<string, string>>();

  set(workspaceId: string, path: string, content: string): void {
    const files = this.files.get(workspaceId) ?? new Map<string, string>();
    files.set(path, content);
    this.files.set(workspaceId, files);
  }

  delete(workspaceId: string, path: string): void {
    this.files.get(workspaceId)?.delete(path);
  }

  async readFile(workspaceId: string, path: string): Promise<string | null> {
    return this.files.get(workspaceId)?.get(path) ?? null;
  }

  async listFiles(workspaceId: string): Promise<WorkspaceFile[]> {
    return [...(this.files.get(workspaceId) ?? new Map<string, string>())].map(([path, content]) => ({ path, content }));
  }
}
