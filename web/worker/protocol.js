// The worker's side of worker-client.js: {id, op, args} -> {id, ok, result} |
// {id, ok: false, error: {code, message}}; progress events {id, event: 'progress', ...}.
// Typed arrays in a result are transferred, not copied.
function transferables(value, out = []) {
  if (!value || typeof value !== 'object') return out;
  if (ArrayBuffer.isView(value)) {
    if (!out.includes(value.buffer)) out.push(value.buffer);
    return out;
  }
  for (const v of Array.isArray(value) ? value : Object.values(value)) transferables(v, out);
  return out;
}

// ops: {name: async (args, progress) => result}; `ready()` says whether ops other than init may run.
export function serve(ops, ready) {
  self.onmessage = async (event) => {
    const { id, op, args } = event.data ?? {};
    const progress = (data) => self.postMessage({ id, event: 'progress', ...data });
    try {
      if (!ops[op]) throw Object.assign(new Error(`unknown operation ${op}`), { code: 'internal' });
      if (!ready() && op !== 'init') throw Object.assign(new Error('worker not initialised'), { code: 'internal' });
      const result = await ops[op](args ?? {}, progress);
      self.postMessage({ id, ok: true, result }, transferables(result));
    } catch (e) {
      self.postMessage({ id, ok: false, error: { code: e?.code ?? 'internal', message: e?.message ?? String(e) } });
    }
  };
}
