// The "system browser" for Restore Desk's end-to-end tests: Debian's Chromium, headless, driven by
// playwright-core. Opens a URL, signs in on whichever identity provider page it lands on, and
// stops at the loopback callback, printing what the callback page said.
//
//   node browser.js URL [--user NAME] [--password PW] [--deny] [--timeout MS]
//
// Understood sign-in pages: oidc-provider's login and consent forms, and the Restore Desk sandbox's
// user list (a button whose text contains the user name). Only loopback hosts are contacted; any
// other request is aborted. Prints one JSON line on stdout:
//   {"ok":true,"callback":true,"status":200,"title":"…","text":"…"}
// The callback URL's query (which carries the authorization code) is never printed.
// Exit codes: 0 reached a callback, 1 failed (reason on stderr), 2 usage.
import { chromium } from 'playwright-core';

const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];

function usage(message) {
  if (message) process.stderr.write(`browser: ${message}\n`);
  process.stderr.write('usage: node browser.js URL [--user NAME] [--password PW] [--deny] [--timeout MS]\n');
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { url: '', user: 'alice', password: 'secret', deny: false, timeout: 60000 };
  for (let i = 0; i < argv.length; i += 1) {
    const next = () => { if (i + 1 >= argv.length) usage(`${argv[i]} needs a value`); i += 1; return argv[i]; };
    switch (argv[i]) {
      case '--user': opts.user = next(); break;
      case '--password': opts.password = next(); break;
      case '--deny': opts.deny = true; break;
      case '--timeout': opts.timeout = Number(next()); break;
      default:
        if (argv[i].startsWith('--') || opts.url) usage(`unexpected ${argv[i]}`);
        opts.url = argv[i];
    }
  }
  if (!opts.url) usage('no URL');
  return opts;
}

export function isLoopbackHost(hostname) {
  return hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

// A callback is a loopback page whose query carries the OAuth response (state with code or error).
export function isCallback(urlText) {
  let url;
  try { url = new URL(urlText); } catch { return false; }
  const q = url.searchParams;
  return isLoopbackHost(url.hostname) && q.has('state') && (q.has('code') || q.has('error'));
}

async function act(page, opts) {
  if (await page.locator('input[name=login]').count()) {
    await page.fill('input[name=login]', opts.user);
    await page.fill('input[name=password]', opts.password);
    await page.click('button[type=submit]');
    return 'login';
  }
  const sandboxUser = page.locator('button[data-username]', { hasText: opts.user });
  if (await sandboxUser.count()) {
    if (opts.deny && await page.locator('button[name=deny]').count()) {
      await page.click('button[name=deny]');
      return 'deny';
    }
    await sandboxUser.first().click();
    return 'sandbox-user';
  }
  const consent = page.locator('input[name=prompt][value=consent] ~ button[type=submit]');
  if (await consent.count()) {
    if (opts.deny) {
      const abort = page.locator('a', { hasText: /cancel|abort/i });
      if (await abort.count()) { await abort.first().click(); return 'deny'; }
    }
    await consent.first().click();
    return 'consent';
  }
  return null;
}

async function run(opts) {
  const browser = await chromium.launch({ executablePath: process.env.RESTOREDESK_CHROMIUM || '/usr/bin/chromium', headless: true, args: LAUNCH_ARGS });
  try {
    const context = await browser.newContext();
    await context.route('**/*', (route) => {
      let host = '';
      try { host = new URL(route.request().url()).hostname; } catch { /* data: and the like */ }
      return isLoopbackHost(host) ? route.continue() : route.abort();
    });
    const page = await context.newPage();
    let lastStatus = 0;
    let callbackSeen = false;
    page.on('response', (response) => {
      if (response.request().isNavigationRequest() && response.request().frame() === page.mainFrame()) {
        lastStatus = response.status();
        if (isCallback(response.url())) callbackSeen = true;
      }
    });
    const deadline = Date.now() + opts.timeout;
    await page.goto(opts.url, { waitUntil: 'load', timeout: opts.timeout });
    for (let step = 0; step < 12 && Date.now() < deadline; step += 1) {
      if (callbackSeen || isCallback(page.url())) {
        const text = (await page.locator('body').innerText().catch(() => '')).trim();
        return { ok: true, callback: true, status: lastStatus, title: await page.title(), text };
      }
      const before = page.url();
      const what = await act(page, opts);
      if (!what) {
        const text = (await page.locator('body').innerText().catch(() => '')).trim();
        throw new Error(`no sign-in form and no callback on ${new URL(before).pathname} (HTTP ${lastStatus}): ${text.slice(0, 300)}`);
      }
      await page.waitForLoadState('load', { timeout: Math.max(1000, deadline - Date.now()) });
      if (page.url() === before) await page.waitForURL((u) => u.toString() !== before, { timeout: Math.max(1000, deadline - Date.now()) }).catch(() => {});
    }
    throw new Error('gave up: too many steps or time out before reaching the callback');
  } finally {
    await browser.close();
  }
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const opts = parseArgs(process.argv.slice(2));
  const killer = setTimeout(() => { process.stderr.write('browser: timed out\n'); process.exit(1); }, opts.timeout + 10000);
  run(opts).then((result) => {
    clearTimeout(killer);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  }).catch((err) => {
    process.stderr.write(`browser: ${err.message}\n`);
    process.exit(1);
  });
}
