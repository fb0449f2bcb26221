// A real OpenID Connect provider playing FranceConnect in the tests (node_modules/oidc-provider,
// the certified implementation), on 127.0.0.1 only.
//
// Like FranceConnect v2: authorization-code flow, ID tokens and user info signed with ES256,
// the pivot identity's claims requested one scope per claim, acr "eidas1", end-session
// endpoint. Its login page lists no one: the test types the account id it configured.
//
// Configuration (JSON in the OIDC_TEST_CONFIG environment variable):
//   {"port": 8123, "client_id": "...", "client_secret": "...", "redirect_uris": [...],
//    "post_logout_redirect_uris": [...], "accounts": {"id": {"given_name": ..., ...}}}
// Prints "ready <issuer>" once it listens. Test-only controls (127.0.0.1):
//   POST /__test__/mode     {"mode": "normal" | "wrong-signature" | "expired" | "wrong-nonce"}
//     wrong-signature: the token endpoint's ID token is signed by a key that is not the
//       provider's, under the provider's key id (what a forger or a broken proxy sends);
//     expired: the ID token is signed by the provider's key but expired five minutes ago;
//     wrong-nonce: signed by the provider's key for another request (another nonce).
//   POST /__test__/account  {"id": "...", "claims": {...}}  adds or replaces an account.

import crypto from 'node:crypto';

import Provider from 'oidc-provider';

const config = JSON.parse(process.env.OIDC_TEST_CONFIG || '{}');
const port = Number(config.port);
const issuer = `http://127.0.0.1:${port}`;
const accounts = { ...(config.accounts || {}) };
let mode = 'normal';

const KID = 'franceconnect-test-key';
const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const { privateKey: rogueKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const signingJwk = { ...privateKey.export({ format: 'jwk' }), kid: KID, alg: 'ES256', use: 'sig' };

const CLAIMS = ['given_name', 'family_name', 'preferred_name', 'birthdate', 'gender',
  'birthplace', 'birthcountry', 'email'];

const page = (title, body) => `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>${title}</h1>${body}</main></body></html>`;

const escape = (value) => String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function logoutSource(ctx, form) {
  ctx.body = page('Déconnexion de FranceConnect (test)', `${form}
    <button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Me déconnecter</button>`);
}

async function postLogoutSuccessSource(ctx) {
  ctx.body = page('Déconnecté de FranceConnect (test)', '<p>Vous êtes déconnecté.</p>');
}

const provider = new Provider(issuer, {
  clients: [{
    client_id: config.client_id,
    client_secret: config.client_secret,
    redirect_uris: config.redirect_uris,
    post_logout_redirect_uris: config.post_logout_redirect_uris || [],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_post',
    id_token_signed_response_alg: 'ES256',
    userinfo_signed_response_alg: 'ES256',
  }],
  jwks: { keys: [signingJwk] },
  findAccount: async (ctx, id) => (accounts[id] ? {
    accountId: id,
    claims: async () => ({ sub: id, ...accounts[id] }),
  } : undefined),
  claims: Object.fromEntries([['openid', ['sub']], ...CLAIMS.map((c) => [c, [c]])]),
  scopes: ['openid', ...CLAIMS],
  acrValues: ['eidas1'],
  features: {
    devInteractions: { enabled: false },
    jwtUserinfo: { enabled: true },
    rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
  },
  routes: { authorization: '/authorize', userinfo: '/userinfo', end_session: '/session/end' },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  pkce: { required: () => false },
  ttl: {
    AccessToken: 300, AuthorizationCode: 60, IdToken: 60, Grant: 3600, Interaction: 600,
    Session: 3600,
  },
  renderError: async (ctx, out) => {
    ctx.type = 'html';
    ctx.body = page('Erreur du fournisseur (test)', `<p>${escape(out.error)}: ${escape(out.error_description || '')}</p>`);
  },
});

function b64url(buffer) {
  return Buffer.from(buffer).toString('base64url');
}

function resign(idToken, key, change) {
  const [header, payload] = idToken.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  const newPayload = b64url(JSON.stringify(change(claims)));
  const input = `${header}.${newPayload}`;
  const signature = crypto.sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  return `${input}.${b64url(signature)}`;
}

function tamper(idToken) {
  if (mode === 'wrong-signature') return resign(idToken, rogueKey, (claims) => claims);
  if (mode === 'wrong-nonce') {
    return resign(idToken, privateKey, (claims) => ({ ...claims, nonce: 'not-the-one-sent' }));
  }
  if (mode === 'expired') {
    const now = Math.floor(Date.now() / 1000);
    return resign(idToken, privateKey, (claims) => ({ ...claims, iat: now - 600, exp: now - 300 }));
  }
  return idToken;
}

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString());
}

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString() || '{}');
}

async function interaction(ctx) {
  const { req, res } = ctx;
  const details = await provider.interactionDetails(req, res);
  const { uid, prompt, params } = details;
  if (ctx.method === 'POST' && ctx.path.endsWith('/login')) {
    const form = await readForm(req);
    const accountId = form.get('login') || '';
    if (!accounts[accountId]) {
      ctx.status = 400;
      ctx.type = 'html';
      ctx.body = page('Connexion FranceConnect (test)', `<p role="alert">Compte inconnu.</p>`);
      return;
    }
    ctx.respond = false;
    await provider.interactionFinished(req, res, { login: { accountId, acr: 'eidas1' } },
      { mergeWithLastSubmission: false });
    return;
  }
  if (prompt.name === 'login') {
    ctx.type = 'html';
    ctx.body = page('Connexion FranceConnect (test)', `
      <form method="post" action="/interaction/${uid}/login">
        <label for="login">Identifiant du compte de test</label>
        <input id="login" name="login" autocomplete="off" required>
        <button type="submit">Se connecter</button>
      </form>`);
    return;
  }
  // Consent: granted at once for what was asked (FranceConnect shows a page; the tests
  // have nothing to choose there).
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: details.session.accountId, clientId: params.client_id });
  if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
  if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
  const grantId = await grant.save();
  ctx.respond = false;
  await provider.interactionFinished(req, res, { consent: { grantId } },
    { mergeWithLastSubmission: true });
}

provider.use(async (ctx, next) => {
  if (ctx.path === '/__test__/mode' && ctx.method === 'POST') {
    ({ mode } = await readJson(ctx.req));
    ctx.body = { mode };
    return;
  }
  if (ctx.path === '/__test__/account' && ctx.method === 'POST') {
    const { id, claims } = await readJson(ctx.req);
    accounts[id] = claims;
    ctx.body = { id };
    return;
  }
  if (ctx.path.startsWith('/interaction/')) {
    await interaction(ctx);
    return;
  }
  await next();
  if (ctx.path === '/token' && ctx.status === 200 && mode !== 'normal') {
    const body = typeof ctx.body === 'string' ? JSON.parse(ctx.body) : { ...ctx.body };
    if (body.id_token) body.id_token = tamper(body.id_token);
    ctx.body = body;
  }
});

const server = provider.listen(port, '127.0.0.1', () => {
  process.stdout.write(`ready ${issuer}\n`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
