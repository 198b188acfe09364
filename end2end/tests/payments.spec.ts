import { expect, Page, test } from "@playwright/test";
import { expectNoAxeViolations, loginAtProvider, waitForHydration } from "./helpers";

/** Signs in as a tutore through the development provider, straight to Pagamenti. */
async function signInToPayments(page: Page, fiscalCode: string) {
  await page.goto("/accedi?ritorno=/area-personale/pagamenti");
  await page.getByRole("link", { name: "Entra con CIE" }).click();
  await loginAtProvider(page, fiscalCode);
  await expect(page).toHaveURL(/\/area-personale\/pagamenti$/);
  await waitForHydration(page);
}

const balance = (page: Page) => page.locator(".balance-card").first().locator(".balance-amount");

async function openRecharge(page: Page, amount: string) {
  await page.getByRole("link", { name: "Ricarica", exact: true }).click();
  const input = page.getByLabel("Importo in euro");
  await input.fill(amount);
  await expect(page.locator("#recharge-hint")).toContainText("pasti a");
}

test("a tutore tops up 20 € online through pagoPA and sees the balance grow by exactly 20 €", async ({ page }, testInfo) => {
  await signInToPayments(page, "SPSFNC82D49F839L");
  await expect(page.getByRole("heading", { name: "Refezione Scolastica" })).toBeVisible();
  const before = (await balance(page).innerText()).trim();
  expect(before).toContain("0,00");
  await expectNoAxeViolations(page, testInfo, "pagamenti");

  // Presets fill the amount; a wrong amount is explained as it is typed.
  await page.getByRole("link", { name: "Ricarica", exact: true }).click();
  await page.getByRole("button", { name: "20,00 €" }).click();
  await expect(page.getByLabel("Importo in euro")).toHaveValue("20,00");
  await page.getByLabel("Importo in euro").fill("abc");
  await expect(page.locator("#recharge-hint")).toContainText("Importo non valido");
  await page.getByLabel("Importo in euro").fill("20");
  await expect(page.locator("#recharge-hint")).toContainText("pasti a");
  await expectNoAxeViolations(page, testInfo, "pagamenti-ricarica");
  await page.getByRole("button", { name: "Paga online con pagoPA" }).click();

  // The sandbox's Checkout page, then back to the portal, which waits for pagoPA's word.
  await expect(page).toHaveURL(/\/checkout\/pay\//);
  await page.getByRole("button", { name: "Paga", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ricarica confermata");
  await waitForHydration(page);
  await expectNoAxeViolations(page, testInfo, "esito-pagamento");
  await page.getByRole("link", { name: "Scarica la ricevuta (PDF)" }).isVisible();
  const receipt = page.waitForEvent("download");
  await page.getByRole("link", { name: "Scarica la ricevuta (PDF)" }).click();
  expect((await receipt).suggestedFilename()).toMatch(/^ricevuta-3\d{17}\.pdf$/);

  await page.getByRole("link", { name: "Torna ai pagamenti" }).click();
  await expect(balance(page)).toContainText("20,00");
  await page.getByText("Visualizza tutti i dettagli").click();
  await expect(page.getByRole("cell", { name: /Ricarica pagoPA/ })).toBeVisible();
});

test("a cancelled payment credits nothing; a notice can be downloaded to pay at a tabaccheria", async ({ page }) => {
  await signInToPayments(page, "BNCLRA85M41F205C");
  const before = await balance(page).innerText();
  await openRecharge(page, "15,50");
  await page.getByRole("button", { name: "Paga online con pagoPA" }).click();
  await expect(page).toHaveURL(/\/checkout\/pay\//);
  await page.getByRole("button", { name: "Annulla" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pagamento annullato");
  await expect(page.getByText(/non ti è stato addebitato nulla/)).toBeVisible();
  await page.getByRole("link", { name: "Torna ai pagamenti" }).click();
  await expect(balance(page)).toHaveText(before);

  await openRecharge(page, "30");
  await page.getByRole("button", { name: "Crea l'avviso di pagamento" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Avviso di pagamento pronto");
  await expect(page.locator(".notice-code")).toHaveText(/^3\d{3}( \d{4}){3} \d{2}$/);
  const notice = page.waitForEvent("download");
  await page.getByRole("link", { name: "Scarica l'avviso di pagamento (PDF)" }).click();
  expect((await notice).suggestedFilename()).toMatch(/^avviso-3\d{17}\.pdf$/);
});

test("a tutore pays a transport instalment online and downloads its receipt", async ({ page }, testInfo) => {
  await signInToPayments(page, "RSSMRA80A01H501U");
  const row = page.getByRole("row", { name: /rata 1 di 3 – Giulia Rossi/ });
  await expect(row).toContainText("Da pagare");
  await expect(row).toContainText("93,00");
  await expectNoAxeViolations(page, testInfo, "pagamenti-rate");
  await row.getByRole("button", { name: /^Paga:/ }).click();
  await expect(page).toHaveURL(/\/checkout\/pay\//);
  await page.getByRole("button", { name: "Paga", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pagamento confermato");
  await page.getByRole("link", { name: "Torna ai pagamenti" }).click();
  const paid = page.getByRole("row", { name: /rata 1 di 3 – Giulia Rossi/ });
  await expect(paid).toContainText("Pagata");
  const receipt = page.waitForEvent("download");
  await paid.getByRole("link", { name: /Scarica la ricevuta/ }).click();
  expect((await receipt).suggestedFilename()).toMatch(/^ricevuta-3\d{17}\.pdf$/);
  // Ricevute lists it, with its IUV and its receipt.
  const listed = page.locator("#ricevute li").filter({ hasText: "rata 1 di 3 – Giulia Rossi" });
  await expect(listed).toContainText("con pagoPA · IUV ");
  await expect(listed).toContainText("93,00");
  const again = page.waitForEvent("download");
  await listed.getByRole("link", { name: /Scarica la ricevuta/ }).click();
  expect((await again).suggestedFilename()).toMatch(/^ricevuta-3\d{17}\.pdf$/);
});

test("Pagamenti and the recharge dialog fit a 360 px phone", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await signInToPayments(page, "SPSFNC82D49F839L");
  await page.getByRole("link", { name: "Ricarica", exact: true }).click();
  await expect(page.getByLabel("Importo in euro")).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "no horizontal scrolling").toBeLessThanOrEqual(0);
  await context.close();
});
