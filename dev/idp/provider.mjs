// The local OpenID provider: oidc-provider (a certified implementation) with a login form
// that picks a demo citizen and the SPID level, and SPID/CIE-style claims.
import http from "node:http";
import crypto from "node:crypto";
import fs from "node:fs";
import Provider from "oidc-provider";
import { CITIZENS, SPID_LEVELS, claimsOf } from "./citizens.mjs";

const FISCAL_NUMBER = "https://attributes.eid.gov.it/fiscal_number";

const escapeHtml = (s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

const KEYS = new URL("./keys/", import.meta.url);

/** A PEM key file of keys/ as a JWK: private (the provider's) or public (a client's). */
export function jwkOf(file, { kid, isPrivate }) {
  const pem = fs.readFileSync(new URL(file, KEYS), "utf8");
  const key = isPrivate ? crypto.createPrivateKey(pem) : crypto.createPublicKey(pem);
  return { ...key.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" };
}

// A fixed signing key (development only): the relying party's tests sign tokens with it
// to check that the portal refuses expired ones or ones with a wrong nonce or level.
const SIGNING_KEY = jwkOf("signing.pem", { kid: "sportello-dev-idp", isPrivate: true });

export function createProvider({ issuer, redirectUris, postLogoutRedirectUris, clientId, clientSecret, jwtClientId }) {
  const common = {
    redirect_uris: redirectUris,
    post_logout_redirect_uris: postLogoutRedirectUris,
    response_types: ["code"],
    grant_types: ["authorization_code"],
  };
  const provider = new Provider(issuer, {
    clients: [
      { ...common, client_id: clientId, client_secret: clientSecret, token_endpoint_auth_method: "client_secret_basic" },
      // The federation profile's client authentication: a signed client_assertion.
      {
        ...common,
        client_id: jwtClientId ?? `${clientId}-jwt`,
        token_endpoint_auth_method: "private_key_jwt",
        token_endpoint_auth_signing_alg: "RS256",
        jwks: { keys: [jwkOf("sportello-dev-client.pem", { kid: "sportello-dev-client", isPrivate: false })] },
      },
    ],
    jwks: { keys: [SIGNING_KEY] },
    // Every client must use PKCE (S256 is the only method oidc-provider accepts by default).
    pkce: { required: () => true },
    scopes: ["openid", "profile", "email", "fiscal_number"],
    claims: {
      openid: ["sub"],
      profile: ["given_name", "family_name"],
      email: ["email"],
      fiscal_number: [FISCAL_NUMBER],
    },
    acrValues: SPID_LEVELS,
    findAccount: async (_ctx, id) => {
      const citizen = CITIZENS.find((c) => c.id === id);
      if (!citizen) return undefined;
      return { accountId: id, claims: async () => claimsOf(citizen) };
    },
    // A first-party development client: consent is implied.
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope("openid profile email fiscal_number");
      grant.addOIDCClaims(["given_name", "family_name", "email", FISCAL_NUMBER]);
      await grant.save();
      return grant;
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        // In Italian, like the rest of the development login.
        logoutSource: async (ctx, form) => {
          ctx.body = `<!DOCTYPE html><html lang="it"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Uscita – Identity provider di sviluppo</title></head><body><main>
<h1>Vuoi uscire anche dall'identity provider di sviluppo?</h1>${form}
<p><button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Sì, esci</button>
<button type="submit" form="op.logoutForm">No, resta collegato</button></p></main></body></html>`;
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.body = `<!DOCTYPE html><html lang="it"><head><meta charset="utf-8"><title>Uscita completata</title></head>
<body><main><h1>Sei uscito.</h1></main></body></html>`;
        },
      },
    },
    cookies: { keys: [crypto.randomBytes(32).toString("hex")] },
    ttl: { Session: 8 * 3600, Interaction: 600, Grant: 8 * 3600, AuthorizationCode: 60, AccessToken: 600, IdToken: 600 },
  });
  // Plain http on 127.0.0.1 is fine for development; never deploy this provider.
  provider.proxy = true;
  return provider;
}

function loginPage(uid, requestedAcr) {
  const wanted = requestedAcr || SPID_LEVELS[1];
  const citizens = CITIZENS.map(
    (c, i) => `<li><label><input type="radio" name="account" value="${escapeHtml(c.id)}"${i === 0 ? " checked" : ""}>
      ${escapeHtml(c.givenName)} ${escapeHtml(c.familyName)} – ${escapeHtml(c.fiscalCode ?? c.eidasId)} <small>(${escapeHtml(c.role)})</small></label></li>`,
  ).join("\n");
  const levels = SPID_LEVELS.map(
    (l) => `<option value="${escapeHtml(l)}"${l === wanted ? " selected" : ""}>${escapeHtml(l.replace(/^.*\//, ""))}</option>`,
  ).join("");
  return `<!DOCTYPE html>
<html lang="it"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Identity provider di sviluppo – Sportello</title></head>
<body><main>
<h1>Identity provider di sviluppo</h1>
<p>Solo per sviluppo e test: scegli un cittadino di prova e il livello SPID con cui accedere.</p>
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<fieldset><legend>Cittadino</legend><ul>${citizens}</ul></fieldset>
<p><label for="acr">Livello</label> <select id="acr" name="acr">${levels}</select></p>
<p><button type="submit">Entra</button> <a href="/interaction/${escapeHtml(uid)}/abort">Annulla</a></p>
</form></main></body></html>`;
}

async function readForm(req) {
  let body = "";
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) throw new Error("form too large");
  }
  return new URLSearchParams(body);
}

/** A node request handler: the interaction pages, then everything else to oidc-provider. */
export function createHandler(provider) {
  const oidc = provider.callback();
  return async (req, res) => {
    const url = new URL(req.url, "http://idp.local");
    const m = /^\/interaction\/([^/]+)(\/login|\/abort)?$/.exec(url.pathname);
    if (!m) return oidc(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      if (details.uid !== m[1]) throw new Error("interaction mismatch");
      if (!m[2] && req.method === "GET") {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
        return res.end(loginPage(details.uid, details.params.acr_values?.split(" ")[0]));
      }
      if (m[2] === "/abort") {
        return await provider.interactionFinished(req, res, { error: "access_denied", error_description: "L'utente ha annullato l'accesso." }, { mergeWithLastSubmission: false });
      }
      if (m[2] === "/login" && req.method === "POST") {
        const form = await readForm(req);
        const accountId = form.get("account");
        const acr = form.get("acr");
        if (!CITIZENS.some((c) => c.id === accountId) || !SPID_LEVELS.includes(acr)) {
          res.writeHead(400, { "content-type": "text/plain; charset=utf-8" });
          return res.end("Cittadino o livello non validi.");
        }
        return await provider.interactionFinished(req, res, { login: { accountId, acr, amr: ["pwd"] } }, { mergeWithLastSubmission: false });
      }
      res.writeHead(405);
      res.end();
    } catch (err) {
      res.writeHead(400, { "content-type": "text/plain; charset=utf-8" });
      res.end(`Richiesta non valida: ${err.message}`);
    }
  };
}

/** Listens first, so that the issuer (when not given) carries the real port. */
export async function startServer(options, port, host = "127.0.0.1") {
  let handle = (_req, res) => {
    res.writeHead(503);
    res.end();
  };
  const server = http.createServer((req, res) => handle(req, res));
  await new Promise((resolve) => server.listen(port, host, resolve));
  const issuer = options.issuer ?? `http://${host}:${server.address().port}`;
  const provider = createProvider({ ...options, issuer });
  handle = createHandler(provider);
  return { server, provider, issuer };
}
