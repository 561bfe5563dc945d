// Static server for the built page (build/web) on localhost, with the headers
// the page needs: COOP/COEP (cross-origin isolation, so ONNX Runtime can use
// threads), the same Content-Security-Policy as index.html's meta tag, correct
// MIME types (application/wasm, text/javascript for .mjs). No dependencies.
// usage: node tools/serve.mjs [port] [root]   (or PORT / DXLENS_WEB_ROOT; default 8080, build/web)
//   port 0 picks a free port; the first line printed is the URL.
//   DXLENS_NO_ISOLATION=1 leaves out COOP/COEP/CORP and CSP, like a static host
//   that cannot set headers (the service worker then adds them; for tests).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const port = Number(process.argv[2] ?? process.env.PORT ?? 8080);
const root = path.resolve(process.argv[3] ?? process.env.DXLENS_WEB_ROOT ?? path.join(here, '..', 'build', 'web'));
const host = process.env.HOST ?? '127.0.0.1';
const realRoot = fs.existsSync(root) ? fs.realpathSync(root) : root;

const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "connect-src 'self'",
  "img-src 'self' blob: data:",
  "worker-src 'self' blob:",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

const isolation = process.env.DXLENS_NO_ISOLATION === '1' ? {} : {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Content-Security-Policy': CSP,
};

function send(res, status, headers, body) {
  res.writeHead(status, {
    ...isolation,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
    ...headers,
  });
  if (body && typeof body.pipe === 'function') body.pipe(res);
  else res.end(body);
}

const server = http.createServer((req, res) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, 405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }, 'method not allowed\n');
    return;
  }
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
  } catch {
    send(res, 400, { 'Content-Type': 'text/plain' }, 'bad request\n');
    return;
  }
  if (pathname.includes('\0')) {
    send(res, 400, { 'Content-Type': 'text/plain' }, 'bad request\n');
    return;
  }
  let file = path.resolve(root, `.${pathname}`);
  // Refuse anything that resolves outside the root (.., encoded .., symlinks).
  const inside = (p) => p === root || p.startsWith(root + path.sep);
  if (!inside(file)) {
    send(res, 403, { 'Content-Type': 'text/plain' }, 'forbidden\n');
    return;
  }
  try {
    if (fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    const real = fs.realpathSync(file);
    if (real !== realRoot && !real.startsWith(realRoot + path.sep)) throw new Error('outside the root');
    const stat = fs.statSync(real);
    const type = TYPES[path.extname(real).toLowerCase()] ?? 'application/octet-stream';
    const headers = { 'Content-Type': type, 'Content-Length': stat.size };
    if (req.method === 'HEAD') send(res, 200, headers);
    else send(res, 200, headers, fs.createReadStream(real));
  } catch {
    send(res, 404, { 'Content-Type': 'text/plain' }, 'not found\n');
  }
});

server.listen(port, host, () => {
  const { port: actual } = server.address();
  console.log(`http://localhost:${actual}/`);
  console.error(`serving ${root}`);
});
