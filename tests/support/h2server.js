// A bare HTTP/2 server over TLS on 127.0.0.1 that speaks h2 only (ALPN, no HTTP/1.1 fallback), for
// the transport's HTTP/2 tests. Prints `port=N` when ready, then one JSON line per request it has
// read whole ({"n", "session", "stream", "method", "path", "clientRequestId", "bytes"}; `session`
// counts the connections, `stream` is the HTTP/2 stream id), and treats each by its path:
//   /answer      202 with an Azure-AsyncOperation header (the restore submit's answer)
//   /held        the same answer, held until another stream on its connection asks for /goaway
//                (then sent after the GOAWAY): a stream surely in flight when the server goes away
//   /reset       reads the request, then destroys the TCP connection without a word (a lost answer)
//   /goaway      reads the request, then shuts the session down gracefully (RFC 9113 §6.8):
//                GOAWAY(NO_ERROR) naming the stream before this one as the last it processes, so
//                this stream is refused unprocessed (RST_STREAM REFUSED_STREAM) while the streams
//                before it are answered (held ones included); the session closes once they have ended
//                (destroyed after 5 s at the latest). Node cannot send a GOAWAY that names no
//                stream (it sends the last stream it took for 0), so a /goaway on a session's
//                first stream answers 500 instead: send a request on the connection before it.
//   /goaway-cut  reads the request, then GOAWAY(NO_ERROR, last stream as Node names it for 0: this
//                one) and destroys the session at once: every stream on it is cut, answered or not
//                (a server that goes away abruptly)
// Exits when its standard input closes (the test's helper processes all do).
//   node h2server.js --key KEY.pem --cert CERT.pem
'use strict';

const fs = require('node:fs');
const http2 = require('node:http2');

const GOAWAY_GRACE_MS = 5000; // how long a graceful close waits for the streams before the GOAWAY

function arg(name) {
  const i = process.argv.indexOf(name);
  if (i < 0 || i + 1 >= process.argv.length) {
    process.stderr.write(`h2server: ${name} FILE is required\n`);
    process.exit(2);
  }
  return process.argv[i + 1];
}

const server = http2.createSecureServer({
  key: fs.readFileSync(arg('--key')),
  cert: fs.readFileSync(arg('--cert')),
  allowHTTP1: false,
});
let count = 0;
let sessions = 0;
// The TLS sockets by client port: an HTTP/2 session's own socket may not be touched, so a reset
// destroys the connection through its TLS socket.
const sockets = new Map();
server.on('secureConnection', (socket) => {
  const port = socket.remotePort;
  sockets.set(port, socket);
  socket.on('close', () => sockets.delete(port));
});

server.on('session', (session) => {
  sessions += 1;
  session.number = sessions;
  session.held = []; // the /held streams waiting for a /goaway
  session.on('error', () => {});
});

function answer(stream) {
  if (stream.destroyed || stream.closed)
    return;
  stream.respond({
    ':status': 202,
    'azure-asyncoperation': `https://127.0.0.1:${server.address().port}/operationsStatus/1`,
    'content-length': '0',
  });
  stream.end();
}

// GOAWAY that leaves `stream` (and any later one) unprocessed, lets the earlier ones end, then
// closes the session; destroyed if they have not ended within the grace period.
function goAwayGracefully(stream) {
  const session = stream.session;
  const last = stream.id - 2; // client streams are odd: the one opened before this
  if (last < 1) {
    process.stderr.write('h2server: /goaway on the first stream of a session cannot name no stream\n');
    stream.respond({ ':status': 500, 'content-length': '0' });
    stream.end();
    return;
  }
  session.goaway(http2.constants.NGHTTP2_NO_ERROR, last);
  stream.close(http2.constants.NGHTTP2_REFUSED_STREAM);
  for (const held of session.held.splice(0))
    answer(held);
  const fallback = setTimeout(() => session.destroy(), GOAWAY_GRACE_MS);
  fallback.unref();
  session.close(() => clearTimeout(fallback));
}

server.on('stream', (stream, headers) => {
  stream.on('error', () => {}); // its connection is cut on purpose
  let bytes = 0;
  stream.on('data', (chunk) => { bytes += chunk.length; });
  stream.on('end', () => {
    count += 1;
    const path = headers[':path'];
    process.stdout.write(JSON.stringify({
      n: count,
      session: stream.session.number,
      stream: stream.id,
      method: headers[':method'],
      path,
      clientRequestId: headers['x-ms-client-request-id'] || '',
      bytes,
    }) + '\n');
    const url = new URL(path, 'https://127.0.0.1');
    if (url.pathname === '/reset') {
      sockets.get(stream.session.socket.remotePort).destroy();
    } else if (url.pathname === '/goaway') {
      goAwayGracefully(stream);
    } else if (url.pathname === '/goaway-cut') {
      stream.session.goaway(http2.constants.NGHTTP2_NO_ERROR, 0);
      stream.session.destroy();
    } else if (url.pathname === '/held') {
      stream.session.held.push(stream);
    } else {
      answer(stream);
    }
  });
});
server.on('sessionError', () => {});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`port=${server.address().port}\n`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
