/**
 * `tree`: a change of a workspace's file tree, pushed to every socket of the workspace.
 * Moving or deleting a folder sends one event for the folder: the path prefix change
 * applies to everything below it.
 */
import { z } from 'zod';

/** One file or folder as the tree lists it (also what the HTTP API's item listing holds). */
export const treeItemSchema = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  name: z.string(),
  type: z.enum(['file', 'folder']),
  path: z.string(),
});
export type TreeItem = z.infer<typeof treeItemSchema>;

/** A file a command wrote that is listed but not loaded as text: binary, or over the size cap. */
export const unloadedFileSchema = z.object({
  size: z.number().int().nonnegative(),
  reason: z.enum(['binary', 'too-large']),
});
export type UnloadedFile = z.infer<typeof unloadedFileSchema>;

/** Who made a change over the HTTP API; absent when a command in the environment made it. */
export const treeActorSchema = z.object({ id: z.string(), username: z.string() });
export type TreeActor = z.infer<typeof treeActorSchema>;
const by = treeActorSchema.optional();

export const treeChangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('created'), item: treeItemSchema, by }),
  z.object({ kind: z.enum(['renamed', 'moved']), item: treeItemSchema, oldPath: z.string(), by }),
  z.object({ kind: z.literal('deleted'), item: treeItemSchema, by }),
  /** A file's content changed by a path-based write or a command (not by live typing); `unloaded` when a command wrote it unloadable. */
  z.object({ kind: z.literal('updated'), item: treeItemSchema.extend({ unloaded: unloadedFileSchema.optional() }), by }),
]);
export type TreeChange = z.infer<typeof treeChangeSchema>;
export type TreeChangeKind = TreeChange['kind'];

export const treeMessageSchema = z.object({ type: z.literal('tree'), change: treeChangeSchema });
export type TreeMessage = z.infer<typeof treeMessageSchema>;
