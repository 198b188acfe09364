import { expect, test } from "@playwright/test";
import { waitForHydration } from "./helpers";

// Hydration mismatches, CSP refusals and panics of the wasm all end up in the console.
for (const path of ["/", "/notizie?pagina=2", "/documenti", "/accedi", "/non-esiste"]) {
  test(`no console errors on ${path}`, async ({ page }) => {
    const problems: string[] = [];
    page.on("console", (msg) => {
      if (msg.type() === "error" || msg.type() === "warning") problems.push(`${msg.type()}: ${msg.text()}`);
    });
    page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
    await page.goto(path);
    await waitForHydration(page);
    // Let late effects (resource loads, service calls) run.
    await page.waitForLoadState("networkidle");
    // Expected: Playwright's own note that it blocked the service worker, and (on the 404
    // page) Chromium reporting the page's own 404 status.
    const unexpected = problems.filter(
      (p) =>
        p !== "warning: Service Worker registration blocked by Playwright" &&
        !(path === "/non-esiste" && /status of 404/.test(p)),
    );
    expect(unexpected).toEqual([]);
  });
}
