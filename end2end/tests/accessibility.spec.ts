import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, MONTECHIARO, openTariffsAsClerk, UNKNOWN_ENTE, waitForHydration } from "./helpers";

const pages: Array<[string, string]> = [
  ["home", "/"],
  ["notizie-pagina-2", "/notizie?pagina=2"],
  ["documenti", "/documenti"],
  ["accedi", "/accedi"],
  ["404", "/non-esiste"],
  ["montechiaro", `${MONTECHIARO}/`],
];

for (const [name, path] of pages) {
  test(`axe: ${name} has no violations`, async ({ page }, testInfo) => {
    await page.goto(path);
    await waitForHydration(page);
    await expectNoAxeViolations(page, testInfo, name);
  });
}

test("axe: a news page has no violations", async ({ page }, testInfo) => {
  await page.goto("/");
  await page.locator(".news-card a").first().click();
  await expect(page.locator("article h1")).toBeVisible();
  await waitForHydration(page);
  await expectNoAxeViolations(page, testInfo, "notizia");
});

test("axe: the Ente non configurato page has no violations", async ({ page }, testInfo) => {
  await page.goto(`${UNKNOWN_ENTE}/`);
  await expectNoAxeViolations(page, testInfo, "ente-non-configurato");
});

test("mobile: the home fits a 360 px phone (screenshot saved)", async ({ browser }, testInfo) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto("/");
  await waitForHydration(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "no horizontal scrolling").toBeLessThanOrEqual(0);
  const path = testInfo.outputPath("home-mobile.png");
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach("home-mobile", { path, contentType: "image/png" });
  await context.close();
});

// Signed-in pages: the tariffs page (lists and the draft form) at 360 px and on a desktop.
for (const [name, viewport] of [
  ["tariffe-360", { width: 360, height: 740 }],
  ["tariffe-desktop", { width: 1280, height: 800 }],
] as const) {
  test(`axe: ${name} has no violations and no sideways scrolling`, async ({ browser }, testInfo) => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await openTariffsAsClerk(page);
    await waitForHydration(page);
    await expectNoAxeViolations(page, testInfo, name);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, "no horizontal scrolling").toBeLessThanOrEqual(0);
    await context.close();
  });
}
