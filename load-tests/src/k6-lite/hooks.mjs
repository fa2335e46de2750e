// ESM loader hook registered in each VU worker: `k6` and `k6/...` imports resolve to
// the shims beside this file; any k6 module without a shim fails loudly at load time,
// so a script never runs half-supported.
let shims = {};

export async function initialize(data) {
  shims = data.shims;
}

export async function resolve(specifier, context, next) {
  if (specifier === 'k6' || specifier.startsWith('k6/')) {
    const url = shims[specifier];
    if (!url) throw new Error(`k6-lite has no shim for "${specifier}" (supported: ${Object.keys(shims).join(', ')})`);
    return { url, shortCircuit: true };
  }
  return next(specifier, context);
}
