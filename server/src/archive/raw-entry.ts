/** One entry of an uploaded archive as its reader found it, before any rule of the tree is applied. */
export interface RawEntry {
  /** The name as the archive holds it (decoded from UTF-8), not yet validated. */
  name: string;
  kind: 'file' | 'folder' | 'symlink' | 'hard-link' | 'special';
  /** A file's bytes; absent for other kinds, and for files the reader was told to skip. */
  data?: Uint8Array;
}

/** Whether the reader should keep a file's bytes (false: the name is ignored, so they are not even inflated). */
export type WantsData = (name: string) => boolean;
