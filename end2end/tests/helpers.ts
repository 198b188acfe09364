import { Browser, expect, Page, TestInfo } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { PORT } from "../playwright.config";

/** The second demo Ente: Chromium resolves every *.localhost name to this machine. */
export const MONTECHIARO = `http://montechiaro.localhost:${PORT}`;
/** An Ente of its own for the content tests (see start-server.sh): what they publish shows nowhere else. */
export const CONTENUTI = `http://contenuti.localhost:${PORT}`;
export const UNKNOWN_ENTE = `http://sconosciuto.localhost:${PORT}`;

/** Hydration is done when the app's first Effect has marked the body. */
export async function waitForHydration(page: Page) {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

/** axe-core on the whole page, WCAG 2.1 AA and best practices: zero violations. */
export async function expectNoAxeViolations(page: Page, testInfo: TestInfo, name: string) {
  const results = await new AxeBuilder({ page }).analyze();
  await testInfo.attach(`axe-${name}.json`, {
    body: JSON.stringify(results.violations, null, 2),
    contentType: "application/json",
  });
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
  expect(summary, `axe violations on ${name}`).toEqual([]);
}

/** At the development identity provider: pick the citizen (by fiscal code) and the level. */
export async function loginAtProvider(page: Page, fiscalCode: string) {
  await expect(page.getByRole("heading", { name: "Identity provider di sviluppo" })).toBeVisible();
  await page.getByRole("radio", { name: new RegExp(fiscalCode) }).check();
  await page.getByLabel("Livello").selectOption({ label: "SpidL2" });
  await page.getByRole("button", { name: "Entra" }).click();
}

/** A new browser context signed in as `fiscalCode` (with CIE), landing on `to`, hydrated. */
export async function signIn(browser: Browser, fiscalCode: string, to: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`/accedi?ritorno=${to}`);
  await page.getByRole("link", { name: "Entra con CIE" }).click();
  await loginAtProvider(page, fiscalCode);
  await expect(page).toHaveURL(new RegExp(`${to}$`));
  await waitForHydration(page);
  return page;
}

/** The page scrolls sideways by no pixel at its current width. */
export async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "no horizontal scrolling").toBeLessThanOrEqual(0);
}

/** A day a new list may start: 40 days from now, as a date input takes it. */
export function futureDay(): { iso: string; it: string } {
  const d = new Date(Date.now() + 40 * 24 * 3600 * 1000);
  const iso = d.toISOString().slice(0, 10);
  const [y, m, day] = iso.split("-");
  return { iso, it: `${day}/${m}/${y}` };
}

/** Anna Gallo, operator of Valleverde, on the tariffs page. */
export async function openTariffsAsClerk(page: Page) {
  await page.goto("/accedi?ritorno=/area-personale/tariffe");
  await page.getByRole("link", { name: "Entra con CIE" }).click();
  await loginAtProvider(page, "GLLNNA90L47A944N");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tariffe");
}
