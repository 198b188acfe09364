import { expect, test } from "@playwright/test";
import { MONTECHIARO, UNKNOWN_ENTE, waitForHydration } from "./helpers";

test("home shows the Ente and its news, newest first, paginated", async ({ page }) => {
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page.locator(".site-brand-title")).toHaveText("Comune di Valleverde");
  await expect(page).toHaveTitle("Notizie – Comune di Valleverde");
  await expect(page.getByRole("link", { name: /Accedi/ })).toBeVisible();
  const cards = page.locator(".news-card");
  await expect(cards).toHaveCount(5);
  await expect(cards.first()).toContainText("Sciopero del personale della ristorazione");
  await expect(cards.first()).toContainText("24/11/2026");

  await page.getByRole("link", { name: "Pagina successiva" }).click();
  await expect(page).toHaveURL(/pagina=2/);
  await expect(cards).toHaveCount(5);
  await expect(cards.last()).toContainText("Iscrizioni ai servizi scolastici 2026/2027 aperte");
  await expect(page.getByRole("link", { name: "Pagina 2" })).toHaveAttribute("aria-current", "page");
});

test("a malformed page number shows the first page", async ({ page }) => {
  const response = await page.goto("/notizie?pagina=abc");
  expect(response?.status()).toBe(200);
  await expect(page.locator(".news-card").first()).toContainText("Sciopero del personale della ristorazione");
});

test("a news item opens on its own page", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Commissione mensa: incontro con le famiglie" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Commissione mensa: incontro con le famiglie");
  await expect(page.locator("article")).toContainText("sala consiliare del Municipio");
  await expect(page.locator("time")).toHaveText("20 novembre 2026");
  await expect(page).toHaveTitle("Commissione mensa: incontro con le famiglie – Comune di Valleverde");
});

test("a document downloads with its name and type", async ({ page }) => {
  await page.goto("/documenti");
  await expect(page.locator(".document-card")).toHaveCount(6);
  const link = page.getByRole("link", { name: /Scarica Regolamento del servizio di refezione scolastica/ });
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toBe("regolamento-refezione-scolastica.pdf");
  const path = await download.path();
  const fs = await import("node:fs");
  expect(fs.readFileSync(path).subarray(0, 5).toString()).toBe("%PDF-");

  const href = await link.getAttribute("href");
  const res = await page.request.get(href!);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("application/pdf");
  expect(res.headers()["content-disposition"]).toContain('filename="regolamento-refezione-scolastica.pdf"');
});

test("another Ente's document is a 404 page", async ({ page }) => {
  await page.goto("/documenti");
  const href = await page.locator(".document-card a").first().getAttribute("href");
  expect(href).toMatch(/^\/documenti\/[0-9a-f-]+\/scarica$/);
  const response = await page.goto(`${MONTECHIARO}${href}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pagina non trovata");
  await expect(page.locator(".site-brand-title")).toHaveText("Comune di Montechiaro");
});

test("the second Ente has its own news", async ({ page }) => {
  await page.goto(`${MONTECHIARO}/`);
  await expect(page.locator(".news-card")).toHaveCount(2);
  await expect(page.locator(".news-card").first()).toContainText("Montechiaro");
});

test("an unknown host gets the Ente non configurato page", async ({ page }) => {
  const response = await page.goto(`${UNKNOWN_ENTE}/`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ente non configurato");
});

test("a missing page is a 404 in the portal's look", async ({ page }) => {
  const response = await page.goto("/non-esiste");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pagina non trovata");
  await expect(page.locator(".site-brand-title")).toHaveText("Comune di Valleverde");
});

test("the document search filters as you type once hydrated", async ({ page }) => {
  await page.goto("/documenti");
  await waitForHydration(page);
  const search = page.getByLabel("Cerca nei documenti");
  await search.fill("menu");
  await expect(page.locator(".document-card")).toHaveCount(1);
  await expect(page.locator(".document-card")).toContainText("Menù invernale 2026/2027");
  await expect(page.locator(".document-count")).toHaveText("1 documento");
  await expect(page).toHaveURL(/\/documenti$/); // filtered in the browser, no reload
  await search.fill("nessuna corrispondenza");
  await expect(page.locator(".document-card")).toHaveCount(0);
  await expect(page.locator(".document-count")).toHaveText("Nessun documento corrisponde alla ricerca.");
});

test("the document search follows the address", async ({ page }) => {
  await page.goto("/documenti?q=menu");
  await waitForHydration(page);
  await expect(page.locator(".document-card")).toHaveCount(1);
  await page.getByRole("navigation", { name: "Menu principale" }).getByRole("link", { name: "Documenti" }).click();
  await expect(page).toHaveURL(/\/documenti$/);
  await expect(page.locator(".document-card")).toHaveCount(6);
  await expect(page.getByLabel("Cerca nei documenti")).toHaveValue("");
});

test("client-side navigation after hydration keeps working", async ({ page }) => {
  await page.goto("/");
  await waitForHydration(page);
  await page.getByRole("navigation", { name: "Menu principale" }).getByRole("link", { name: "Documenti" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Documenti");
  await expect(page.locator(".document-card")).toHaveCount(6);
  await expect(page).toHaveTitle("Documenti – Comune di Valleverde");
});

test("the keyboard reaches the content first", async ({ page }) => {
  await page.goto("/");
  await waitForHydration(page);
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Vai al contenuto" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.locator("main a").first()).toBeFocused();
});
