import { expect, test } from "@playwright/test";
import { loginAtProvider } from "./helpers";

test.use({ javaScriptEnabled: false });

test("news and pages work without JavaScript", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator(".site-brand-title")).toHaveText("Comune di Valleverde");
  await expect(page.locator(".news-card")).toHaveCount(5);
  await page.getByRole("link", { name: "Pagina successiva" }).click();
  await expect(page.locator(".news-card").last()).toContainText("Iscrizioni ai servizi scolastici 2026/2027 aperte");
  await page.getByRole("link", { name: "Ricarica del borsellino elettronico con pagoPA" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ricarica del borsellino elettronico con pagoPA");
  await expect(page.locator("article")).toContainText("Satispay");
});

test("the document search works without JavaScript", async ({ page }) => {
  await page.goto("/documenti");
  await page.getByLabel("Cerca nei documenti").fill("isee");
  await page.getByRole("button", { name: "Cerca" }).click();
  await expect(page).toHaveURL(/\/documenti\?q=isee/);
  await expect(page.getByLabel("Cerca nei documenti")).toHaveValue("isee");
  await expect(page.locator(".document-card")).toHaveCount(1);
  await expect(page.locator(".document-card")).toContainText("Tariffe refezione e trasporto 2026/2027");
});

test("a form refused without JavaScript says why in Italian and leads back to its page", async ({ page }) => {
  await page.goto("/accedi?ritorno=/area-personale/impostazioni-prenotazioni");
  await page.getByRole("link", { name: "Entra con CIE" }).click();
  await loginAtProvider(page, "GLLNNA90L47A944N");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Impostazioni delle prenotazioni");
  await page.getByLabel("Saldo negativo ammesso (euro)").fill("mille");
  await page.getByRole("button", { name: "Salva le impostazioni" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("La richiesta non è stata accolta");
  await expect(page.locator("main")).toContainText("Saldo negativo ammesso");
  await page.getByRole("link", { name: "Torna alla pagina" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Impostazioni delle prenotazioni");
});
