export { buildPushArchive, applyPushArchive } from './push-archive';
export {
  readTreeArchive,
  readTreeSnapshot,
  DEFAULT_PULL_LIMITS,
  STAGING_PREFIX,
  type PullLimits,
  type TreeSnapshot,
  type RefusedEntry,
  type EntryRefusal,
} from './tree-archive';
export { validateRelativePath, nameRefusal, pathRefusal, ancestorsOf, DEFAULT_PATH_LIMITS, type PathVerdict, type PathRefusal } from './path-validation';
export { encodeFrame, decodeFrame, FRAME_MAGIC, type FrameDecode } from './framing';
export { REMOTE_PUSH_SCRIPT, FENCED_EXIT } from './remote-push-script';
export { writeTar, type TarEntry } from './tar-writer';
export { ArchiveError, PullRejectedError, InvalidPushPathError } from './errors';
export { classifyContent, type ContentVerdict } from './content';
