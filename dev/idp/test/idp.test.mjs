// The local identity provider speaks real OpenID Connect: discovery, authorization code with
// PKCE, the login form, SPID levels in `acr`, the fiscal code from /userinfo, and refusals.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { startServer } from "../provider.mjs";
import { accountOf } from "../citizens.mjs";

const REDIRECT = "http://127.0.0.1:3999/auth/callback";
const CLIENT = { id: "test-client", secret: "test-secret" };
let server;
let issuer;

before(async () => {
  ({ server, issuer } = await startServer(
    { clientId: CLIENT.id, clientSecret: CLIENT.secret, redirectUris: [REDIRECT], postLogoutRedirectUris: ["http://127.0.0.1:3999/"] },
    0,
  ));
});

after(() => new Promise((r) => server.close(r)));

const b64url = (buf) => Buffer.from(buf).toString("base64url");

/** A tiny browser: follows redirects within the provider, keeps its cookies. */
function browser() {
  const jar = new Map();
  return async function go(url, init = {}) {
    let current = new URL(url, issuer);
    let options = { ...init };
    for (let hop = 0; hop < 10; hop++) {
      const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
      const res = await fetch(current, { ...options, redirect: "manual", headers: { ...(options.headers ?? {}), cookie } });
      for (const line of res.headers.getSetCookie()) {
        const [pair] = line.split(";");
        const [k, v] = pair.split("=");
        jar.set(k.trim(), v);
      }
      const location = res.headers.get("location");
      if (res.status >= 300 && res.status < 400 && location) {
        const next = new URL(location, current);
        if (next.origin !== issuer) return { redirectedTo: next };
        current = next;
        options = {};
        continue;
      }
      return { res, url: current };
    }
    throw new Error("too many redirects");
  };
}

function authUrl({ verifier, state, nonce, acr = "https://www.spid.gov.it/SpidL2", pkce = true }) {
  const u = new URL("/auth", issuer);
  u.searchParams.set("client_id", CLIENT.id);
  u.searchParams.set("response_type", "code");
  u.searchParams.set("scope", "openid profile email fiscal_number");
  u.searchParams.set("redirect_uri", REDIRECT);
  u.searchParams.set("state", state);
  u.searchParams.set("nonce", nonce);
  u.searchParams.set("acr_values", acr);
  if (pkce) {
    u.searchParams.set("code_challenge", b64url(crypto.createHash("sha256").update(verifier).digest()));
    u.searchParams.set("code_challenge_method", "S256");
  }
  return u;
}

async function login(account, acr) {
  const go = browser();
  const verifier = b64url(crypto.randomBytes(32));
  const state = b64url(crypto.randomBytes(24));
  const nonce = b64url(crypto.randomBytes(24));
  const page = await go(authUrl({ verifier, state, nonce }));
  assert.equal(page.res.status, 200);
  const html = await page.res.text();
  assert.match(html, /Identity provider di sviluppo/);
  const action = /action="([^"]+)"/.exec(html)[1];
  const done = await go(action, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ account, acr }).toString(),
  });
  const back = done.redirectedTo;
  assert.equal(`${back.origin}${back.pathname}`, REDIRECT);
  assert.equal(back.searchParams.get("state"), state);
  return { code: back.searchParams.get("code"), verifier, nonce };
}

async function token(code, verifier) {
  return fetch(new URL("/token", issuer), {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString("base64")}`,
    },
    body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: verifier }).toString(),
  });
}

const payload = (jwt) => JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString());

test("discovery announces PKCE S256 and the SPID levels", async () => {
  const conf = await (await fetch(new URL("/.well-known/openid-configuration", issuer))).json();
  assert.equal(conf.issuer, issuer);
  assert.deepEqual(conf.code_challenge_methods_supported, ["S256"]);
  assert.ok(conf.acr_values_supported.includes("https://www.spid.gov.it/SpidL2"));
  assert.ok(conf.end_session_endpoint);
});

test("a demo tutore logs in at SpidL2; the fiscal code comes from /userinfo with TINIT-", async () => {
  const { code, verifier, nonce } = await login(accountOf("RSSMRA80A01H501U"), "https://www.spid.gov.it/SpidL2");
  const res = await token(code, verifier);
  assert.equal(res.status, 200);
  const tokens = await res.json();
  const id = payload(tokens.id_token);
  assert.equal(id.iss, issuer);
  assert.equal(id.aud, CLIENT.id);
  assert.equal(id.nonce, nonce);
  assert.equal(id.acr, "https://www.spid.gov.it/SpidL2");
  const header = JSON.parse(Buffer.from(tokens.id_token.split(".")[0], "base64url").toString());
  assert.notEqual(header.alg, "none");
  const info = await (await fetch(new URL("/me", issuer), { headers: { authorization: `Bearer ${tokens.access_token}` } })).json();
  assert.equal(info["https://attributes.eid.gov.it/fiscal_number"], "TINIT-RSSMRA80A01H501U");
  assert.equal(info.given_name, "Mario");
  assert.equal(info.family_name, "Rossi");
  // The subject is opaque, as SPID's pairwise one: the person is known by the fiscal code.
  assert.notEqual(id.sub, "RSSMRA80A01H501U");
  assert.equal(info.sub, id.sub);

  // An authorization code works once.
  const again = await token(code, verifier);
  assert.equal(again.status, 400);
});

test("the chosen level is the one in acr (so the portal can refuse SpidL1)", async () => {
  const { code, verifier } = await login(accountOf("GRCLNE88B68H501O"), "https://www.spid.gov.it/SpidL1");
  const id = payload((await (await token(code, verifier)).json()).id_token);
  assert.equal(id.acr, "https://www.spid.gov.it/SpidL1");
});

test("a wrong code verifier is refused", async () => {
  const { code } = await login(accountOf("BNCLRA85M41F205C"), "https://www.spid.gov.it/SpidL2");
  const res = await token(code, b64url(crypto.randomBytes(32)));
  assert.equal(res.status, 400);
  assert.equal((await res.json()).error, "invalid_grant");
});

test("an authorization request without PKCE is refused", async () => {
  const go = browser();
  const r = await go(authUrl({ state: "s".repeat(32), nonce: "n".repeat(32), pkce: false }));
  const back = r.redirectedTo;
  assert.equal(back.searchParams.get("error"), "invalid_request");
});

test("an unknown citizen is refused by the login form", async () => {
  const go = browser();
  const page = await go(authUrl({ verifier: "v".repeat(43), state: "s".repeat(32), nonce: "n".repeat(32) }));
  const action = /action="([^"]+)"/.exec(await page.res.text())[1];
  const done = await go(action, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ account: "AAAAAA00A00A000A", acr: "https://www.spid.gov.it/SpidL2" }).toString(),
  });
  assert.equal(done.res.status, 400);
});

test("tokens are signed with the provider's published key", async () => {
  const jwks = await (await fetch(new URL("/jwks", issuer))).json();
  assert.deepEqual(jwks.keys.map((k) => k.kid), ["sportello-dev-idp"]);
  assert.equal(jwks.keys[0].d, undefined, "the private part is never published");
});

test("the eIDAS citizen has no fiscal code claim", async () => {
  const eidas = (await import("../citizens.mjs")).CITIZENS.find((c) => c.fiscalCode === null);
  const { code, verifier } = await login(eidas.id, "https://www.spid.gov.it/SpidL2");
  const tokens = await (await token(code, verifier)).json();
  const info = await (await fetch(new URL("/me", issuer), { headers: { authorization: `Bearer ${tokens.access_token}` } })).json();
  assert.equal(info.given_name, "Hans");
  assert.equal(info["https://attributes.eid.gov.it/fiscal_number"], undefined);
});
