import { expect, test } from "@playwright/test";

test.use({ serviceWorkers: "allow" });

test("the service worker caches only this build's static files and serves the offline page", async ({ page, context }) => {
  await page.goto("/");
  const cacheName = await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    const keys = await caches.keys();
    return keys.find((k) => k.startsWith("sportello-"));
  });
  expect(cacheName).toMatch(/^sportello-[0-9a-f]{16}$/);
  const cached: string[] = await page.evaluate(async (name) => {
    const cache = await caches.open(name!);
    return (await cache.keys()).map((r) => new URL(r.url).pathname);
  }, cacheName);
  expect(cached).toContain("/offline.html");
  expect(cached.some((p) => /^\/pkg\/sportello\.[^/]+\.wasm$/.test(p)), cached.join(", ")).toBe(true);
  for (const p of cached) {
    expect(p, "only static files are cached").toMatch(/^\/(pkg|vendor|icons)\/|^\/offline\.html$/);
  }

  // Reload so the worker controls the page, then go offline: pages come from the network or the offline page.
  await page.reload();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  await context.setOffline(true);
  await page.goto("/documenti").catch(() => {});
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sei offline");
  await context.setOffline(false);
});

test("the manifest makes the portal installable", async ({ request }) => {
  const res = await request.get("/manifest.webmanifest");
  expect(res.status()).toBe(200);
  const manifest = await res.json();
  expect(manifest.display).toBe("standalone");
  expect(manifest.name).toBe("Comune di Valleverde – Servizi scolastici");
  for (const icon of manifest.icons) {
    const img = await request.get(icon.src);
    expect(img.status(), icon.src).toBe(200);
    expect(img.headers()["content-type"]).toBe("image/png");
  }
});

test("pages carry a CSP whose nonce is on the hydration script", async ({ page }) => {
  const response = await page.goto("/");
  const csp = response!.headers()["content-security-policy"];
  const nonce = /'nonce-([^']+)'/.exec(csp)![1];
  expect(csp).toContain("'wasm-unsafe-eval'");
  // Browsers hide nonces from the DOM: read the HTML as it came from the server.
  expect(await response!.text()).toContain(`nonce="${nonce}"`);
  await expect(page.locator(".site-brand-title")).toHaveText("Comune di Valleverde");
});
