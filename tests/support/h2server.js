// A bare HTTP/2 server over TLS on 127.0.0.1 that speaks h2 only (ALPN, no HTTP/1.1 fallback), for
// the transport's HTTP/2 tests. Prints `port=N` when ready, then one JSON line per request it has
// read whole ({"n", "method", "path", "clientRequestId", "bytes"}), and treats each by its path:
//   /answer   202 with an Azure-AsyncOperation header (the restore submit's answer)
//   /reset    reads the request, then destroys the TCP connection without a word (a lost answer)
//   /goaway   reads the request, then GOAWAY(NO_ERROR, last stream 0) and closes the session
//             unanswered (the server says it did not process the stream)
// Exits when its standard input closes (the test's helper processes all do).
//   node h2server.js --key KEY.pem --cert CERT.pem
'use strict';

const fs = require('node:fs');
const http2 = require('node:http2');

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
// The TLS sockets by client port: an HTTP/2 session's own socket may not be touched, so a reset
// destroys the connection through its TLS socket.
const sockets = new Map();
server.on('secureConnection', (socket) => {
  const port = socket.remotePort;
  sockets.set(port, socket);
  socket.on('close', () => sockets.delete(port));
});

server.on('session', (session) => session.on('error', () => {}));
server.on('stream', (stream, headers) => {
  stream.on('error', () => {}); // its connection is cut on purpose
  let bytes = 0;
  stream.on('data', (chunk) => { bytes += chunk.length; });
  stream.on('end', () => {
    count += 1;
    const path = headers[':path'];
    process.stdout.write(JSON.stringify({
      n: count, method: headers[':method'], path, clientRequestId: headers['x-ms-client-request-id'] || '', bytes,
    }) + '\n');
    if (path.startsWith('/reset')) {
      sockets.get(stream.session.socket.remotePort).destroy();
    } else if (path.startsWith('/goaway')) {
      stream.session.goaway(http2.constants.NGHTTP2_NO_ERROR, 0);
      stream.session.destroy();
    } else {
      stream.respond({
        ':status': 202,
        'azure-asyncoperation': `https://127.0.0.1:${server.address().port}/operationsStatus/1`,
        'content-length': '0',
      });
      stream.end();
    }
  });
});
server.on('sessionError', () => {});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`port=${server.address().port}\n`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
