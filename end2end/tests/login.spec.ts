import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, loginAtProvider, waitForHydration } from "./helpers";

test("a tutore logs in with SPID, sees their children, and logs out", async ({ page }, testInfo) => {
  // The personal area asks for a login, then comes back to it.
  await page.goto("/area-personale");
  await expect(page).toHaveURL(/\/accedi\?ritorno=%2Farea-personale$/);
  await waitForHydration(page);
  await expectNoAxeViolations(page, testInfo, "accedi");

  // "Entra con SPID" opens the list of providers, by keyboard too.
  const spid = page.getByText("Entra con SPID");
  await spid.focus();
  await page.keyboard.press("Enter");
  const provider = page.getByRole("link", { name: "SPID di prova (sviluppo)" });
  await expect(provider).toBeVisible();
  await expectNoAxeViolations(page, testInfo, "accedi-spid-aperto");
  await provider.click();

  await loginAtProvider(page, "RSSMRA80A01H501U");
  await expect(page).toHaveURL(/\/area-personale$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ciao, Mario Rossi");
  await expect(page.getByRole("heading", { name: "Giulia Rossi" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Luca Rossi" })).toBeVisible();
  await expect(page.getByText("Refezione Scolastica").first()).toBeVisible();
  for (const tile of ["Pagamenti", "Prenotazioni", "Moduli online", "Comunicazioni"]) {
    await expect(page.getByRole("link", { name: new RegExp(`^${tile}`) })).toBeVisible();
  }
  await waitForHydration(page);
  await expectNoAxeViolations(page, testInfo, "area-personale");

  // A tile leads to its section, client-side, still signed in.
  await page.getByRole("link", { name: /^Moduli online/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Moduli online");
  await expect(page.getByRole("heading", { name: "Compila un modulo" })).toBeVisible();

  // Logout ends the session here and at the provider, then home, signed out.
  await page.getByRole("button", { name: "Esci" }).click();
  await page.getByRole("button", { name: "Sì, esci" }).click();
  await expect(page).toHaveURL(/:\d+\/$/);
  await expect(page.getByRole("link", { name: /Accedi/ })).toBeVisible();
  await page.goto("/area-personale");
  await expect(page).toHaveURL(/\/accedi/);
});

test("a citizen with no children enrolled is told how to enrol", async ({ page }, testInfo) => {
  await page.goto("/accedi");
  await page.getByRole("link", { name: "Entra con CIE" }).click();
  await loginAtProvider(page, "GRCLNE88B68H501O");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ciao, Elena Greco");
  await expect(page.getByRole("heading", { name: "Non risultano figli iscritti ai servizi" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Moduli online" }).first()).toHaveAttribute("href", "/area-personale/moduli");
  // No payments tile for a citizen who pays for nothing yet.
  await expect(page.getByRole("link", { name: /^Pagamenti/ })).toHaveCount(0);
  await waitForHydration(page);
  await expectNoAxeViolations(page, testInfo, "area-personale-senza-figli");
});

test("a refused login is a clear Italian page with a way back", async ({ page }) => {
  await page.goto("/auth/callback?code=abc&state=falso");
  await expect(page.getByRole("heading", { name: "Accesso non riuscito" })).toBeVisible();
  await page.getByRole("link", { name: "Torna alla pagina di accesso" }).click();
  await expect(page).toHaveURL(/\/accedi$/);
});

test("an administrator grants and revokes a staff role from the personal area", async ({ page }, testInfo) => {
  await page.goto("/accedi?ritorno=/area-personale/personale");
  await page.getByText("Entra con SPID").click();
  await page.getByRole("link", { name: "SPID di prova (sviluppo)" }).click();
  await loginAtProvider(page, "MRNLGU70R10D612W");
  await expect(page).toHaveURL(/\/area-personale\/personale$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Personale dell'Ente");
  await waitForHydration(page);
  await expectNoAxeViolations(page, testInfo, "personale");

  // A wrong fiscal code is explained; nothing is granted.
  await page.getByLabel("Codice fiscale", { exact: true }).fill("SPSFNC82D49F839X");
  await page.getByRole("button", { name: "Assegna" }).click();
  await expect(page.getByRole("alert")).toContainText("carattere di controllo");

  await page.getByLabel("Codice fiscale", { exact: true }).fill("SPSFNC82D49F839L");
  await page.getByLabel("Ruolo", { exact: true }).selectOption("operator");
  await page.getByRole("button", { name: "Assegna" }).click();
  await expect(page.getByRole("status")).toContainText("SPSFNC82D49F839L: ruolo «Operatore dell'Ente» assegnato.");
  const row = page.getByRole("listitem").filter({ hasText: "SPSFNC82D49F839L" });
  await expect(row).toContainText("Operatore dell'Ente");
  await row.getByRole("button", { name: /Revoca/ }).click();
  await expect(page.getByRole("status")).toContainText("revocato");
  await expect(page.getByRole("listitem").filter({ hasText: "SPSFNC82D49F839L" })).toHaveCount(0);

  // Both changes are in the audit log, newest first, with the administrator's name on them.
  await page.goto("/area-personale");
  await page.getByRole("link", { name: "Registro delle modifiche" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Registro delle modifiche");
  await page.getByLabel("Codice fiscale di chi ha agito").fill("MRNLGU70R10D612W");
  await page.getByRole("button", { name: "Mostra" }).click();
  await expect(page).toHaveURL(/persona=MRNLGU70R10D612W/);
  const entries = page.locator(".audit-entry");
  await expect(entries).toHaveCount(2);
  await expect(entries.nth(0)).toContainText("Ruolo revocato · SPSFNC82D49F839L");
  await expect(entries.nth(0)).toContainText("Prima: Operatore dell'Ente · Dopo: —");
  await expect(entries.nth(1)).toContainText("Ruolo assegnato · SPSFNC82D49F839L");
  await waitForHydration(page);
  await expectNoAxeViolations(page, testInfo, "registro");
  await page.setViewportSize({ width: 360, height: 740 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "no horizontal scrolling at 360 px").toBeLessThanOrEqual(0);
});

test("the personal area fits a 360 px phone", async ({ browser }, testInfo) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto("/accedi");
  await page.getByRole("link", { name: "Entra con CIE" }).click();
  await loginAtProvider(page, "SPSFNC82D49F839L");
  await expect(page.getByRole("heading", { name: "Marco Esposito" })).toBeVisible();
  await waitForHydration(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "no horizontal scrolling").toBeLessThanOrEqual(0);
  const path = testInfo.outputPath("area-personale-mobile.png");
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach("area-personale-mobile", { path, contentType: "image/png" });
  // The booking calendar too, with a menu open.
  await page.goto("/area-personale/prenotazioni");
  await waitForHydration(page);
  await page.locator("details.day-menu summary").first().click();
  const calendarOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(calendarOverflow, "no horizontal scrolling on the calendar").toBeLessThanOrEqual(0);
  const calendar = testInfo.outputPath("prenotazioni-mobile.png");
  await page.screenshot({ path: calendar, fullPage: true });
  await testInfo.attach("prenotazioni-mobile", { path: calendar, contentType: "image/png" });
  await context.close();
});

test("a tutore with two children cancels and restores a meal; a wrong range is explained", async ({ page }, testInfo) => {
  await page.goto("/accedi?ritorno=/area-personale/prenotazioni");
  await page.getByRole("link", { name: "Entra con CIE" }).click();
  await loginAtProvider(page, "RSSMRA80A01H501U");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Prenotazioni");
  await expect(page.getByRole("link", { name: "Giulia Rossi" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Luca Rossi" })).toBeVisible();
  await waitForHydration(page);
  await expectNoAxeViolations(page, testInfo, "prenotazioni");
  // The live countdown to today's cut-off, and how long the credit lasts.
  await expect(page.getByRole("timer")).toContainText("Le disdette per oggi");
  await expect(page.getByRole("heading", { name: "Credito mensa" })).toBeVisible();
  await expect(page.locator(".credit-lasts")).toContainText("Il credito");
  // The menu of a day, on tap.
  const menu = page.locator("details.day-menu").first();
  await menu.locator("summary").click();
  await expect(menu.getByRole("listitem").last()).toContainText("frutta di stagione");

  const firstCancel = page.getByRole("button", { name: /^Disdici:/ }).first();
  const label = (await firstCancel.getAttribute("aria-label"))!.replace("Disdici: ", "");
  await firstCancel.click();
  await expect(page.getByRole("status")).toHaveText("Pasto disdetto per 1 giorno.");
  const restore = page.getByRole("button", { name: `Ripristina: ${label}` });
  await expect(restore).toBeVisible();
  await restore.click();
  await expect(page.getByRole("status")).toHaveText("Pasto ripristinato per 1 giorno.");
  await expect(page.getByRole("button", { name: `Disdici: ${label}` })).toBeVisible();

  // A range of days is cancelled in one go, then restored.
  const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel("Dal", { exact: true }).fill(inDays(2));
  await page.getByLabel("Al", { exact: true }).fill(inDays(4));
  await page.getByRole("button", { name: "Applica" }).click();
  await expect(page.getByRole("status")).toHaveText(/^Pasto disdetto per \d+ giorn[oi]\.$/);
  await page.getByLabel("Cosa").selectOption("ripristina");
  await page.getByRole("button", { name: "Applica" }).click();
  await expect(page.getByRole("status")).toHaveText(/^Pasto ripristinato per \d+ giorn[oi]\.$/);

  // The next month, then back.
  const month = page.getByRole("heading", { level: 3 }).first();
  const thisMonth = await month.textContent();
  await page.getByRole("link", { name: "Mese successivo" }).click();
  await expect(month).not.toHaveText(thisMonth!);
  await page.getByRole("link", { name: "Mese precedente" }).click();
  await expect(month).toHaveText(thisMonth!);

  // Today is past its cut-off (00:00 in the browser tests): refused, with the reason (a
  // national holiday has its own reason).
  await page.getByRole("link", { name: "Luca Rossi" }).click();
  await expect(page.getByRole("heading", { level: 2, name: /Luca Rossi/ })).toBeVisible();
  const today = new Date().toLocaleDateString("sv-SE", { timeZone: "Europe/Rome" });
  await page.getByLabel("Dal", { exact: true }).fill(today);
  await page.getByLabel("Al", { exact: true }).fill(today);
  await page.getByLabel("Cosa").selectOption("disdici");
  await page.getByRole("button", { name: "Applica" }).click();
  await expect(page.getByRole("alert")).toContainText(/è bloccato: le modifiche erano possibili fino alle 00:00|non c'è servizio mensa/);

  // A range that ends before it starts is explained.
  await page.getByLabel("Dal", { exact: true }).fill(inDays(10));
  await page.getByLabel("Al", { exact: true }).fill(inDays(3));
  await page.getByRole("button", { name: "Applica" }).click();
  await expect(page.getByRole("alert")).toContainText("la data finale precede quella iniziale");
});

test("a delegate sees the delegated pupil's bookings and no payments", async ({ page }) => {
  await page.goto("/accedi?ritorno=/area-personale/prenotazioni");
  await page.getByRole("link", { name: "Entra con CIE" }).click();
  await loginAtProvider(page, "FRRPLA75E20L219Z");
  await expect(page.getByRole("link", { name: "Giulia Rossi" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Luca Rossi" })).toHaveCount(0);
  await page.goto("/area-personale");
  await expect(page.getByRole("link", { name: /^Prenotazioni/ })).toBeVisible();
  await expect(page.getByRole("link", { name: /^Pagamenti/ })).toHaveCount(0);
});

test("an operator sees the kitchen report of a day and downloads it", async ({ page }, testInfo) => {
  await page.goto("/accedi?ritorno=/area-personale");
  await page.getByRole("link", { name: "Entra con CIE" }).click();
  await loginAtProvider(page, "GLLNNA90L47A944N");
  await page.getByRole("link", { name: /^Cucina/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pasti del giorno per la cucina");
  // A past Tuesday: nobody can change it any more, so the count is stable.
  await page.goto("/area-personale/cucina?giorno=2026-11-03");
  await expect(page.getByRole("heading", { level: 2 })).toHaveText("03/11/2026 – 6 pasti");
  await expect(page.getByRole("row", { name: /Scuola primaria Giovanni Pascoli/ }).first()).toBeVisible();
  await waitForHydration(page);
  await expectNoAxeViolations(page, testInfo, "cucina");
  const csv = page.waitForEvent("download");
  await page.getByRole("link", { name: "Scarica in formato CSV" }).click();
  expect((await csv).suggestedFilename()).toBe("cucina-2026-11-03.csv");

  // Today's attendance, where the school marks absences.
  await page.goto("/area-personale");
  await page.getByRole("link", { name: /^Presenze/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Presenze in mensa");
  await expect(page.getByRole("heading", { level: 2 })).toContainText("alunni presenti");
  await waitForHydration(page);
  await expectNoAxeViolations(page, testInfo, "presenze");
});
