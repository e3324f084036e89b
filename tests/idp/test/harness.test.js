// Tests of the IdP harness and the browser driver themselves.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { isCallback, isLoopbackHost } from '../browser.js';

const here = path.dirname(fileURLToPath(import.meta.url));
let server;
let issuer;

function b64url(buf) { return Buffer.from(buf).toString('base64url'); }

before(async () => {
  server = spawn(process.execPath, [path.join(here, '..', 'server.js'), '--port', '0'], { stdio: ['pipe', 'pipe', 'pipe'] });
  issuer = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('idp did not start')), 20000);
    server.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/^issuer=(\S+) audience=(\S+)\n/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    server.on('exit', (code) => reject(new Error(`idp exited ${code}`)));
  });
});

after(() => { server.stdin.end(); server.kill(); });

test('listens on loopback and publishes discovery for a native public client', async () => {
  assert.match(issuer, /^http:\/\/127\.0\.0\.1:\d+$/);
  const d = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
  assert.equal(d.issuer, issuer);
  assert.deepEqual(d.code_challenge_methods_supported, ['S256']);
  assert.equal(d.authorization_response_iss_parameter_supported, true);
  assert.ok(d.revocation_endpoint);
  const jwks = await (await fetch(d.jwks_uri)).json();
  assert.equal(jwks.keys.length, 1);
  assert.equal(jwks.keys[0].kty, 'RSA');
  assert.equal(jwks.keys[0].d, undefined, 'private key material must not be published');
});

async function authorize(params) {
  const url = new URL(`${issuer}/auth`);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return fetch(url, { redirect: 'manual' });
}

const base = { client_id: 'restoredesk', response_type: 'code', scope: 'openid', state: 's1', nonce: 'n1' };

test('refuses an authorization request without PKCE', async () => {
  const res = await authorize({ ...base, redirect_uri: 'http://127.0.0.1:5555/callback' });
  const loc = new URL(res.headers.get('location'));
  assert.equal(loc.searchParams.get('error'), 'invalid_request');
  assert.match(loc.searchParams.get('error_description'), /PKCE/);
});

test('refuses plain PKCE', async () => {
  const res = await authorize({ ...base, redirect_uri: 'http://127.0.0.1:5555/callback', code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' });
  const loc = new URL(res.headers.get('location'));
  assert.equal(loc.searchParams.get('error'), 'invalid_request');
});

test('accepts any loopback port but not another host or path', async () => {
  const challenge = b64url(crypto.createHash('sha256').update('v'.repeat(43)).digest());
  const ok = await authorize({ ...base, redirect_uri: 'http://127.0.0.1:41234/callback', code_challenge: challenge, code_challenge_method: 'S256' });
  assert.equal(ok.status, 303);
  assert.match(ok.headers.get('location'), /\/interaction\//);
  const otherHost = await authorize({ ...base, redirect_uri: 'http://example.invalid/callback', code_challenge: challenge, code_challenge_method: 'S256' });
  assert.equal(otherHost.status, 400);
  const otherPath = await authorize({ ...base, redirect_uri: 'http://127.0.0.1:41234/other', code_challenge: challenge, code_challenge_method: 'S256' });
  assert.equal(otherPath.status, 400);
});

test('browser driver: loopback and callback recognition', () => {
  assert.ok(isLoopbackHost('127.0.0.1'));
  assert.ok(isLoopbackHost('127.4.5.6'));
  assert.ok(isLoopbackHost('localhost'));
  assert.ok(isLoopbackHost('[::1]'));
  assert.ok(!isLoopbackHost('10.0.0.1'));
  assert.ok(!isLoopbackHost('127.0.0.1.example.com'));
  assert.ok(isCallback('http://127.0.0.1:5000/callback?code=x&state=y'));
  assert.ok(isCallback('http://127.0.0.1:5000/callback?error=access_denied&state=y'));
  assert.ok(!isCallback('http://127.0.0.1:5000/interaction/abc'));
  assert.ok(!isCallback('https://login.example.com/cb?code=x&state=y'));
});

test('browser driver signs in through Chromium and stops at the callback', async () => {
  // A one-shot callback listener, like the console's.
  const http = await import('node:http');
  const cb = http.createServer((req, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<title>done</title><p>Signed in. You can close this tab.</p>'); });
  await new Promise((r) => cb.listen(0, '127.0.0.1', r));
  const verifier = b64url(crypto.randomBytes(32));
  const url = new URL(`${issuer}/auth`);
  Object.entries({ ...base, redirect_uri: `http://127.0.0.1:${cb.address().port}/callback`, code_challenge: b64url(crypto.createHash('sha256').update(verifier).digest()), code_challenge_method: 'S256' })
    .forEach(([k, v]) => url.searchParams.set(k, v));
  const driver = spawn(process.execPath, [path.join(here, '..', 'browser.js'), url.toString(), '--user', 'oscar', '--timeout', '60000']);
  let out = '';
  let err = '';
  driver.stdout.on('data', (d) => { out += d; });
  driver.stderr.on('data', (d) => { err += d; });
  const code = await new Promise((r) => driver.on('exit', r));
  cb.close();
  assert.equal(code, 0, err);
  const result = JSON.parse(out.trim());
  assert.equal(result.callback, true);
  assert.match(result.text, /Signed in/);
  assert.ok(!out.includes('code='), 'the authorization code must not be printed');
});
