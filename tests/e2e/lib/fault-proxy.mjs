// A proxy in front of a running server (server.mjs) that damages chosen
// responses, for tests of what the page does with a bad download:
//   'corrupt': the full body with some bytes flipped (same length, so only a
//              hash check can tell);
//   'cut':     the headers with the true Content-Length, half the body, then
//              the connection is dropped (a download cut off mid-way).
// Everything else passes through unchanged, headers included (COOP/COEP/CSP).
//   const proxy = await startFaultProxy(server.url);
//   proxy.setFault('/models/tiny_cnn/model.fp32.onnx', 'corrupt'); ... proxy.clearFaults();
//   proxy.hits(path) -> how many times the path was requested; await proxy.stop();
import http from 'node:http';

function fetchUpstream(target, req) {
  return new Promise((resolve, reject) => {
    const upstream = http.request(new URL(req.url, target), { method: req.method, headers: { ...req.headers, host: new URL(target).host } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
    upstream.on('error', reject);
    upstream.end();
  });
}

function corrupt(body) {
  const out = Buffer.from(body);
  // Flip a byte every 997 bytes from the middle on: the file still parses as far
  // as its header, and its SHA-256 is nothing like the manifest's.
  for (let i = out.length >> 1; i < out.length; i += 997) out[i] ^= 0xa5;
  return out;
}

export async function startFaultProxy(target) {
  const faults = new Map();  // pathname -> 'corrupt' | 'cut'
  const hits = new Map();
  const sockets = new Set();
  const server = http.createServer(async (req, res) => {
    const { pathname } = new URL(req.url, 'http://localhost');
    hits.set(pathname, (hits.get(pathname) ?? 0) + 1);
    let upstream;
    try {
      upstream = await fetchUpstream(target, req);
    } catch (e) {
      res.writeHead(502, { 'Content-Type': 'text/plain' }).end(`proxy: ${e.message}\n`);
      return;
    }
    const fault = upstream.status === 200 ? faults.get(pathname) : undefined;
    const headers = { ...upstream.headers };
    if (fault === 'corrupt') {
      res.writeHead(200, headers).end(corrupt(upstream.body));
    } else if (fault === 'cut') {
      headers['content-length'] = String(upstream.body.length);
      res.writeHead(200, headers);
      res.write(upstream.body.subarray(0, upstream.body.length >> 1));
      // Let the first half reach the browser, then drop the connection.
      setTimeout(() => res.socket?.destroy(), 100);
    } else {
      res.writeHead(upstream.status, headers).end(req.method === 'HEAD' ? undefined : upstream.body);
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://localhost:${server.address().port}/`,
    setFault: (pathname, kind) => faults.set(pathname, kind),
    clearFaults: () => faults.clear(),
    hits: (pathname) => hits.get(pathname) ?? 0,
    stop: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
