// Interoperability: an independent OpenID Connect client library (openid-client, which encodes
// spaces as `+` like every URLSearchParams-based client) signs in to the real restoredesk-sandbox
// executable through Debian's Chromium, then refreshes and revokes.
//
// The sandbox executable comes from RESTOREDESK_SANDBOX (CTest sets it); without it the CI
// preset's build tree is tried.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as client from 'openid-client';

const here = path.dirname(fileURLToPath(import.meta.url));
const sandboxBinary = process.env.RESTOREDESK_SANDBOX
  || path.resolve(here, '../../../build/ci/app/sandbox/restoredesk-sandbox');

let sandbox;
let issuer;
let api;

function startSandbox() {
  return new Promise((resolve, reject) => {
    if (!fs.existsSync(sandboxBinary)) {
      reject(new Error(`no sandbox executable at ${sandboxBinary}; set RESTOREDESK_SANDBOX`));
      return;
    }
    sandbox = spawn(sandboxBinary, ['--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`sandbox did not start: ${err}`)), 30000);
    sandbox.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/^issuer=(\S+) api=(\S+)\n/);
      if (m) { clearTimeout(timer); resolve({ issuer: m[1], api: m[2] }); }
    });
    sandbox.stderr.on('data', (d) => { err += d; });
    sandbox.on('exit', (code) => { clearTimeout(timer); reject(new Error(`sandbox exited ${code}: ${err}`)); });
  });
}

before(async () => {
  ({ issuer, api } = await startSandbox());
});

after(() => { if (sandbox) sandbox.kill('SIGTERM'); });

// A one-shot loopback listener, like a native app's (RFC 8252 §7.3): it keeps the callback URL.
async function callbackListener() {
  let resolveCallback;
  const received = new Promise((r) => { resolveCallback = r; });
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<title>done</title><p>Signed in. You can close this tab.</p>');
    if (req.url.startsWith('/callback?')) resolveCallback(new URL(req.url, `http://127.0.0.1:${server.address().port}`));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, received, redirectUri: `http://127.0.0.1:${server.address().port}/callback` };
}

function runBrowser(url, user) {
  const driver = spawn(process.execPath, [path.join(here, '..', 'browser.js'), url.toString(), '--user', user, '--timeout', '60000']);
  let out = '';
  let err = '';
  driver.stdout.on('data', (d) => { out += d; });
  driver.stderr.on('data', (d) => { err += d; });
  return new Promise((resolve) => driver.on('exit', (code) => resolve({ code, out, err })));
}

function jwtHeader(token) {
  return JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString());
}

test('openid-client signs in with code + PKCE S256 + nonce, refreshes and revokes', async () => {
  // Discovery: http is allowed for this loopback issuer only; ID tokens are verified against the
  // published JWKS (non-repudiation checks), not just trusted from the TLS-less token response.
  const config = await client.discovery(new URL(issuer), 'restoredesk', undefined, client.None(), {
    execute: [client.allowInsecureRequests, client.enableNonRepudiationChecks],
  });
  assert.equal(config.serverMetadata().issuer, issuer);
  assert.equal(config.serverMetadata().authorization_response_iss_parameter_supported, true);

  const listener = await callbackListener();
  try {
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: listener.redirectUri,
      scope: 'openid profile offline_access',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    // What this test is about: the scope travels form-encoded, spaces as '+'.
    assert.match(url.search, /[?&]scope=openid\+profile\+offline_access(&|$)/);

    const browser = await runBrowser(url, 'oscar');
    assert.equal(browser.code, 0, `browser: ${browser.err}`);
    const callback = await listener.received;
    assert.equal(callback.searchParams.get('error'), null, callback.searchParams.get('error_description') ?? '');

    // openid-client checks state, iss (RFC 9207), PKCE, the ID token's signature, iss, aud,
    // exp/iat and nonce itself.
    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    assert.equal(claims.iss, issuer);
    assert.equal(claims.aud, 'restoredesk');
    assert.equal(claims.nonce, nonce);
    assert.equal(claims.name, 'Oscar Operator');
    assert.equal(tokens.scope, 'openid profile offline_access');
    assert.ok(tokens.refresh_token);
    assert.equal(jwtHeader(tokens.access_token).typ, 'at+jwt');

    const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    assert.equal(info.name, 'Oscar Operator');
    const subscriptions = await fetch(`${api}/subscriptions?api-version=2022-12-01`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    assert.equal(subscriptions.status, 200);

    // Refresh rotates the refresh token; the new ID token is verified and names the same subject.
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
    assert.ok(refreshed.refresh_token);
    assert.notEqual(refreshed.refresh_token, tokens.refresh_token);
    assert.equal(refreshed.claims().sub, claims.sub);

    // Revocation (RFC 7009): the refresh token is dead, and so is the session's access token.
    await client.tokenRevocation(config, refreshed.refresh_token);
    await assert.rejects(client.refreshTokenGrant(config, refreshed.refresh_token),
      (e) => e.error === 'invalid_grant');
    const afterRevocation = await fetch(`${api}/subscriptions?api-version=2022-12-01`, {
      headers: { authorization: `Bearer ${refreshed.access_token}` },
    });
    assert.equal(afterRevocation.status, 401);
  } finally {
    listener.server.close();
  }
});
