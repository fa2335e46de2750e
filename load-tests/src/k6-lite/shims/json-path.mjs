// The part of gjson's path syntax k6 scripts use with res.json(selector): dotted keys
// and array indices ("workspaces", "items.0.id"), plus "#" for an array's length.
export function selectJson(value, path) {
  let current = value;
  for (const key of String(path).split('.')) {
    if (current === null || current === undefined) return undefined;
    if (key === '#' && Array.isArray(current)) current = current.length;
    else current = current[key];
  }
  return current;
}
