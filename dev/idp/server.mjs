// `node server.mjs`: the development identity provider on 127.0.0.1:9080 (IDP_PORT).
import { startServer } from "./provider.mjs";

const port = Number(process.env.IDP_PORT ?? 9080);
const portal = (process.env.PORTAL_ORIGINS ?? "http://127.0.0.1:3000,http://localhost:3000").split(",");
const { server } = await startServer(
  {
    issuer: process.env.IDP_ISSUER,
    clientId: process.env.IDP_CLIENT_ID ?? "sportello-dev",
    clientSecret: process.env.IDP_CLIENT_SECRET ?? "sportello-dev-secret",
    redirectUris: portal.map((o) => `${o}/auth/callback`),
    postLogoutRedirectUris: portal.map((o) => `${o}/`),
  },
  port,
);
console.log(`identity provider di sviluppo su http://127.0.0.1:${port}`);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
