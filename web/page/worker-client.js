// Promise-based calls into worker.js: `await client.call('classify', args, {transfer, onProgress})`.
// A worker that dies (failed module load, crash) rejects every pending call.
export class WorkerClient {
  constructor(url) {
    this.pending = new Map();
    this.nextId = 1;
    this.worker = new Worker(url, { type: 'module', name: 'dxlens-worker' });
    this.worker.onmessage = (event) => this.#onMessage(event.data);
    this.worker.onerror = (event) => {
      event.preventDefault?.();
      this.#failAll(event.message || 'the worker failed to start (module or WebAssembly could not load)');
    };
    this.worker.onmessageerror = () => this.#failAll('a message from the worker could not be read');
  }

  call(op, args = {}, { transfer = [], onProgress = null } = {}) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.worker.postMessage({ id, op, args }, transfer);
    });
  }

  terminate() {
    this.worker.terminate();
    this.#failAll('worker stopped');
  }

  #onMessage(message) {
    const call = this.pending.get(message?.id);
    if (!call) return;
    if (message.event === 'progress') {
      call.onProgress?.(message);
      return;
    }
    this.pending.delete(message.id);
    if (message.ok) call.resolve(message.result);
    else call.reject(Object.assign(new Error(message.error?.message ?? 'unknown error'), { code: message.error?.code ?? 'internal' }));
  }

  #failAll(message) {
    for (const [id, call] of this.pending) {
      call.reject(Object.assign(new Error(message), { code: 'worker' }));
      this.pending.delete(id);
    }
  }
}
