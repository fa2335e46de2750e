/**
 * The remote half of a push: a bash script run in the environment over exec.
 * It reads one frame (`framing.ts`) from stdin, extracts the push archive
 * (`push-archive.ts` layout) into a staging folder inside the root, deletes,
 * creates folders and renames each file into place. It never waits for EOF, so it
 * works on v4 exec streams that cannot close stdin. Any failure exits non-zero,
 * which the caller sees on the status channel.
 *
 * Invoked as: bash -c REMOTE_PUSH_SCRIPT tandem-push <root> <epoch> <fence dir> [kept name...]
 * A push that replaces the tree (`replace` in the archive) removes every file
 * that is not in a folder with a kept name (installed packages, a venv), then the
 * folders left empty.
 *
 * Fencing (issue 14): `<epoch>` is the pushing replica's lease epoch. Under an
 * exclusive lock the script compares it with the highest epoch this environment has
 * seen (kept in `<fence dir>`, outside the workspace, so it is never one of its files)
 * and exits FENCED_EXIT without touching a file when it is
 * older, so a replica that lost its lease during a pause can never write stale files.
 * The lock is held until the script ends: a new owner's first push waits for a stale
 * one in flight, then replaces what it wrote. The epoch is read before the archive, so
 * a refused push reads nothing.
 */
/** Exit code of a push refused by the fence (EX_TEMPFAIL: someone else owns the environment now). */
export const FENCED_EXIT = 75;

export const REMOTE_PUSH_SCRIPT = String.raw`set -euo pipefail
root="$1"; epoch="$2"; fence="$3"; shift 3
case "$epoch" in ''|*[!0-9]*) echo "tandem-push: bad epoch" >&2; exit 90;; esac
mkdir -p -- "$fence"
exec 8>>"$fence/lock"
flock 8
seen="$(cat -- "$fence/epoch" 2>/dev/null || true)"
case "$seen" in ''|*[!0-9]*) seen=0;; esac
if [ "$epoch" -lt "$seen" ]; then echo "tandem-push: fenced: epoch $epoch is older than $seen" >&2; exit ${FENCED_EXIT}; fi
if [ "$epoch" -gt "$seen" ]; then printf '%s
' "$epoch" > "$fence/epoch.new"; mv -f -T -- "$fence/epoch.new" "$fence/epoch"; fi
IFS=' ' read -r magic length
[ "$magic" = "TANDEM1" ] || { echo "tandem-push: bad frame header" >&2; exit 90; }
case "$length" in ''|*[!0-9]*) echo "tandem-push: bad frame length" >&2; exit 90;; esac
staging="$(mktemp -d "$root/.tandem-staging-XXXXXX")"
trap 'rm -rf -- "$staging"' EXIT
head -c "$length" | tar -x --no-same-owner --no-same-permissions -C "$staging" -f -
cd "$root"
if [ -f "$staging/replace" ]; then
  for n in "$@"; do set -- "$@" -o -name "$n"; shift; done # the kept names become find's: -o -name <n>...
  find "$root" -mindepth 1 \( -name '.tandem-staging-*' "$@" \) -prune -o ! -type d -exec rm -f -- {} +
  find "$root" -mindepth 1 \( -name '.tandem-staging-*' "$@" \) -prune -o -type d -print0 | sort -zr | xargs -0r rmdir --ignore-fail-on-non-empty --
fi
while IFS= read -r -d '' p; do rm -rf -- "$root/$p"; done < "$staging/deletes"
cd "$staging/files"
while IFS= read -r -d '' d; do
  [ -L "$root/$d" ] && rm -f -- "$root/$d"; mkdir -p -- "$root/$d"
done < <(find . -mindepth 1 -type d -printf '%P\0' | sort -z)
while IFS= read -r -d '' f; do
  dest="$root/$f"
  if [ -d "$dest" ] && [ ! -L "$dest" ]; then rm -rf -- "$dest"; fi
  mv -f -T -- "$f" "$dest"
done < <(find . -type f -printf '%P\0')
`;
