// Starts tools/serve.mjs on a free port for a built site and returns its URL.
//   const server = await startServer({ root: 'build/web' }); ... await server.stop();
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

// isolation: false serves without COOP/COEP/CSP headers (a plain static host).
export async function startServer({ root = path.join(repo, 'build/web'), port = 0, isolation = true } = {}) {
  const child = spawn(process.execPath, [path.join(repo, 'tools/serve.mjs'), String(port), path.resolve(root)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DXLENS_NO_ISOLATION: isolation ? '0' : '1' },
  });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('serve.mjs did not start in 10 s')), 10000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/^(http:\/\/\S+)\n/m);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`serve.mjs exited (${code})`)));
  });
  return {
    url,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', resolve);
      child.kill();
    }),
  };
}
