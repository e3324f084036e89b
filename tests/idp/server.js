// Third-party OpenID Provider for Restore Desk's integration tests: oidc-provider configured for a
// native public client (PKCE S256 required, loopback redirect on any port, refresh tokens) that
// issues RFC 9068 JWT access tokens for one API audience. Listens on 127.0.0.1 only.
//
//   node server.js [--port N] [--audience URI] [--access-token-ttl S] [--client-id ID]
//
// Prints one line "issuer=http://127.0.0.1:N audience=URI" when ready. Exits when its standard
// input closes (so a crashed test never leaves it behind) or on SIGTERM/SIGINT.
import http from 'node:http';
import crypto from 'node:crypto';
import Provider from 'oidc-provider';
import { accounts, findAccount } from './accounts.js';

function parseArgs(argv) {
  const opts = { port: 0, audience: 'api://restoredesk-backup', accessTokenTtl: 600, clientId: 'restoredesk' };
  for (let i = 0; i < argv.length; i += 1) {
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${argv[i]} needs a value`);
      i += 1;
      return argv[i];
    };
    switch (argv[i]) {
      case '--port': opts.port = Number(next()); break;
      case '--audience': opts.audience = next(); break;
      case '--access-token-ttl': opts.accessTokenTtl = Number(next()); break;
      case '--client-id': opts.clientId = next(); break;
      case '--help':
        process.stdout.write('usage: node server.js [--port N] [--audience URI] [--access-token-ttl S] [--client-id ID]\n');
        process.exit(0);
        break;
      default: throw new Error(`unknown option ${argv[i]}`);
    }
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) throw new Error('bad --port');
  if (!Number.isInteger(opts.accessTokenTtl) || opts.accessTokenTtl <= 0) throw new Error('bad --access-token-ttl');
  return opts;
}

export function buildConfiguration(opts) {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: crypto.randomBytes(8).toString('hex'), use: 'sig', alg: 'RS256' };
  return {
    clients: [{
      client_id: opts.clientId,
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: ['http://127.0.0.1/callback', 'http://localhost/callback'],
      post_logout_redirect_uris: ['http://127.0.0.1/signed-out'],
    }],
    jwks: { keys: [jwk] },
    cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
    pkce: { required: () => true },
    findAccount,
    scopes: ['openid', 'offline_access', 'profile', 'email', 'groups'],
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username', 'oid', 'tid', 'roles'],
      email: ['email', 'email_verified'],
      groups: ['groups'],
    },
    conformIdTokenClaims: false,
    features: {
      devInteractions: { enabled: true },
      revocation: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => opts.audience,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== opts.audience) throw new Error('unknown resource');
          return { scope: 'openid offline_access profile email groups', audience: opts.audience, accessTokenFormat: 'jwt', accessTokenTTL: opts.accessTokenTtl };
        },
      },
    },
    extraTokenClaims: async (_ctx, token) => {
      if (token.kind !== 'AccessToken' || !token.accountId) return undefined;
      const account = accounts[token.accountId];
      return account ? { oid: account.oid, groups: account.groups, roles: account.roles } : undefined;
    },
    ttl: { AccessToken: opts.accessTokenTtl, AuthorizationCode: 60, IdToken: 3600, RefreshToken: 86400, Interaction: 600, Session: 3600, Grant: 86400 },
    rotateRefreshToken: true,
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = `<!DOCTYPE html><title>Sign-in error</title><h1>${out.error}</h1><p>${out.error_description ?? ''}</p>`;
    },
  };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const server = http.createServer();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, buildConfiguration(opts));
  provider.on('server_error', (_ctx, err) => process.stderr.write(`idp: server_error ${err.message}\n`));
  server.on('request', provider.callback());

  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();
  process.stdout.write(`issuer=${issuer} audience=${opts.audience}\n`);
}

main().catch((err) => {
  process.stderr.write(`idp: cannot start: ${err.message}\n`);
  process.exit(1);
});
