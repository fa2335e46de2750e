/**
 * The remote half of a push: a bash script run in the environment over exec.
 * It reads one frame (`framing.ts`) from stdin, extracts the push archive
 * (`push-archive.ts` layout) into a staging folder inside the root, deletes,
 * creates folders and renames each file into place. It never waits for EOF, so it
 * works on v4 exec streams that cannot close stdin. Any failure exits non-zero,
 * which the caller sees on the status channel.
 *
 * Invoked as: bash -c REMOTE_PUSH_SCRIPT tandem-push <root> [kept name...]
 * A push that replaces the tree (`replace` in the archive) removes every file
 * that is not in a folder with a kept name (installed packages, a venv), then the
 * folders left empty.
 */
export const REMOTE_PUSH_SCRIPT = String.raw`set -euo pipefail
root="$1"; shift
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
