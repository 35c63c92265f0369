// A real OpenID provider for Netwerkwijs's sign-in tests: oidc-provider (an OpenID Certified
// implementation) on 127.0.0.1, with the client and the people of people.json.
//
//   OIDC_PORT=8123 OIDC_REDIRECT_URIS=http://localhost/login/organisatie/zorg-zuid/terug node server.js
//
// People sign in through oidc-provider's own development form (devInteractions): any of the
// account ids in people.json as login, any password. "[ Cancel ]" on that form sends the person
// back with error=access_denied. Consent is skipped for the one (first-party) client. PKCE is
// required, so a client that forgets it fails here as it would at a strict provider.
import { readFileSync } from 'node:fs';

import Provider from 'oidc-provider';

const people = JSON.parse(readFileSync(new URL('./people.json', import.meta.url), 'utf8'));
const port = Number(process.env.OIDC_PORT || 0);
const redirectUris = (process.env.OIDC_REDIRECT_URIS || '').split(',').filter(Boolean);
if (!port || redirectUris.length === 0) {
  console.error('OIDC_PORT en OIDC_REDIRECT_URIS zijn nodig');
  process.exit(2);
}

const issuer = `http://127.0.0.1:${port}`;
const { client } = people;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: client.client_id,
      client_secret: client.client_secret,
      redirect_uris: redirectUris,
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified', 'xms_edov'],
    profile: ['name'],
  },
  // Put the person's claims in the ID token (as Microsoft Entra ID does with optional claims),
  // not only behind the userinfo endpoint.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
  pkce: { required: () => true },
  async findAccount(_ctx, id) {
    const person = people.accounts[id];
    if (!person) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, ...person };
      },
    };
  },
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    grant.addOIDCClaims(['email', 'email_verified', 'xms_edov', 'name']);
    await grant.save();
    return grant;
  },
});

const server = provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider luistert op ${issuer}`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
