// Memory figures through the Chrome DevTools Protocol: the page's JS heap, the
// classification worker's JS heap, and the sizes of the WebAssembly memories
// the worker created in JS (ONNX Runtime's shared memory; the dxlens core's
// memory is exported by its module and reported by window.dxlens.memory()),
// each after a full GC. Create the probe before page.goto: workers start
// paused until a hook that records `new WebAssembly.Memory` is installed.
//   const probe = await memoryProbe(context, page); await page.goto(url); const m = await probe.measure();
const HOOK = `(() => {
  if (self.__e2eWasmMemories) return;
  const Memory = WebAssembly.Memory;
  const made = [];
  function Recorded(...args) { const m = new Memory(...args); made.push(new WeakRef(m)); return m; }
  Recorded.prototype = Memory.prototype;
  Object.setPrototypeOf(Recorded, Memory);
  WebAssembly.Memory = Recorded;
  self.__e2eWasmMemories = made;
})()`;

export async function memoryProbe(context, page) {
  const cdp = await context.newCDPSession(page);
  const workers = new Map();  // sessionId -> url
  const pending = new Map();
  let nextId = 0;
  cdp.on('Target.attachedToTarget', async (e) => {
    if (e.targetInfo.type === 'worker') {
      workers.set(e.sessionId, e.targetInfo.url);
      if (e.waitingForDebugger) await inWorker(e.sessionId, 'Runtime.evaluate', { expression: HOOK }).catch(() => {});
    }
    if (e.waitingForDebugger) await inWorker(e.sessionId, 'Runtime.runIfWaitingForDebugger').catch(() => {});
  });
  cdp.on('Target.detachedFromTarget', (e) => workers.delete(e.sessionId));
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const message = JSON.parse(e.message);
    const done = pending.get(message.id);
    if (!done) return;
    pending.delete(message.id);
    if (message.error) done.reject(new Error(`${message.error.message}`));
    else done.resolve(message.result);
  });
  // flatten: false so that the worker's messages come through this session.
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: false });
  const inWorker = (sessionId, method, params = {}) => new Promise((resolve, reject) => {
    const id = ++nextId;
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(new Error(`CDP ${method} in the worker: no answer in 30 s`));
    }, 30000);
    pending.set(id, { resolve: (v) => { clearTimeout(timer); resolve(v); }, reject: (e) => { clearTimeout(timer); reject(e); } });
    cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
  });
  const workerSession = async () => {
    for (let i = 0; i < 100; i++) {
      for (const [sessionId, url] of workers) if (/\/worker\.js$/.test(url)) return sessionId;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the classification worker was not found over CDP');
  };

  async function wasmMemories(sessionId) {
    const sizes = await inWorker(sessionId, 'Runtime.evaluate', { returnByValue: true,
      expression: '(self.__e2eWasmMemories ?? []).map((r) => r.deref()?.buffer.byteLength ?? 0).filter(Boolean)' });
    return sizes.result.value;
  }

  return {
    async measure() {
      const sessionId = await workerSession();
      if (process.env.VERBOSE) console.log('  measuring');
      await cdp.send('HeapProfiler.collectGarbage');
      await inWorker(sessionId, 'HeapProfiler.collectGarbage');
      const pageHeap = await cdp.send('Runtime.getHeapUsage');
      const workerHeap = await inWorker(sessionId, 'Runtime.getHeapUsage');
      const memories = await wasmMemories(sessionId);
      const app = await page.evaluate(() => window.dxlens.memory());
      return {
        pageJsHeap: pageHeap.usedSize,
        pageEmbedderHeap: pageHeap.embedderHeapUsedSize ?? null,
        pageArrayBuffers: pageHeap.backingStorageSize ?? null,
        workerJsHeap: workerHeap.usedSize,
        workerArrayBuffers: workerHeap.backingStorageSize ?? null,
        coreHeapInUse: app.wasm?.heapBytesInUse ?? null,
        coreWasmMemory: app.wasm?.wasmMemoryBytes ?? null,
        wasmMemories: memories,
        wasmMemoryTotal: memories.reduce((a, b) => a + b, 0),
        performanceMemory: app.jsHeapBytes,
      };
    },
    detach: () => cdp.detach().catch(() => {}),
  };
}

// How much each memory a flat-memory test watches grew between two measure()
// results, in bytes: the one list memory_test and volume_test both assert on.
export function memoryGrowth(before, after) {
  return {
    pageJsHeap: after.pageJsHeap - before.pageJsHeap,
    pageArrayBuffers: after.pageArrayBuffers - before.pageArrayBuffers,
    workerJsHeap: after.workerJsHeap - before.workerJsHeap,
    workerArrayBuffers: after.workerArrayBuffers - before.workerArrayBuffers,
    coreHeapInUse: after.coreHeapInUse - before.coreHeapInUse,
    coreWasmMemory: after.coreWasmMemory - before.coreWasmMemory,
    ortWasmMemory: after.wasmMemoryTotal - before.wasmMemoryTotal,
  };
}
