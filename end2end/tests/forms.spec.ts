import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, loginAtProvider, waitForHydration } from "./helpers";

/** A pause until the draft's last change is saved (the form saves at every change). */
function draftSaved(page: import("@playwright/test").Page) {
  return page.waitForResponse((r) => r.url().includes("/api/form_save") && r.ok());
}

test("a tutore enrols a new child and asks a diet with a certificate; the operator approves", async ({ browser }, testInfo) => {
  const family = await browser.newContext();
  const page = await family.newPage();
  await page.goto("/accedi?ritorno=/area-personale/moduli");
  await page.getByRole("link", { name: "Entra con CIE" }).click();
  await loginAtProvider(page, "RSSMRA80A01H501U");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Moduli online");
  await page.getByRole("link", { name: "Iscrizione ai servizi scolastici" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Iscrizione ai servizi scolastici");
  await waitForHydration(page);
  // Prefilled with what the portal knows.
  await expect(page.getByLabel(/^Nome e cognome/)).toHaveValue("Mario Rossi");
  await expect(page.getByLabel(/^Codice fiscale \*/)).toHaveValue("RSSMRA80A01H501U");
  // Checked as it is typed: a wrong check character is explained at once.
  const childCode = page.getByLabel(/^Codice fiscale dell'alunno/);
  await childCode.fill("RSSNNA20A41H501H");
  await childCode.blur();
  await expect(page.locator("#errore-alunno_codice_fiscale")).toContainText("codice fiscale");
  await expect(childCode).toHaveAttribute("aria-invalid", "true");
  await childCode.fill("RSSNNA20A41H501X");
  await childCode.blur();
  await expect(page.locator("#errore-alunno_codice_fiscale")).toHaveText("");
  await page.getByLabel(/^Nome dell'alunno/).fill("Anna");
  await page.getByLabel(/^Cognome dell'alunno/).fill("Rossi");
  await page.getByLabel(/^Data di nascita/).fill("2020-01-01");
  await page.getByLabel(/^Scuola e classe/).selectOption({ index: 1 });
  await page.getByLabel(/^Servizio/).selectOption("REFEZIONE");
  await page.getByLabel(/^Dal giorno/).fill("2026-12-01");
  await expectNoAxeViolations(page, testInfo, "modulo-iscrizione");
  await page.getByRole("button", { name: "Invia il modulo" }).click();
  await expect(page.getByRole("status")).toContainText(/Modulo inviato il .* con protocollo \d{4}\/\d{6}\./);

  // The diet request needs the doctor's certificate, attached beside the form.
  await page.goto("/area-personale/moduli/dieta");
  await waitForHydration(page);
  let saved = draftSaved(page);
  await page.getByLabel(/^Alunno/).selectOption({ label: "Giulia Rossi" });
  await saved;
  saved = draftSaved(page);
  await page.getByLabel(/^Dieta richiesta/).selectOption("Senza uova");
  await saved;
  await page.getByLabel(/^Certificato medico/).setInputFiles({
    name: "certificato.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.4\n%%EOF\n"),
  });
  await page.getByRole("button", { name: "Allega il file" }).click();
  await expect(page.getByRole("status")).toHaveText("File allegato.");
  await expect(page.getByText("Allegato: certificato.pdf")).toBeVisible();
  await expect(page.getByLabel(/^Dieta richiesta/)).toHaveValue("Senza uova");
  await waitForHydration(page);
  await page.getByRole("button", { name: "Invia il modulo" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Modulo inviato il" })).toBeVisible();
  await page.goto("/area-personale/moduli");
  await expect(page.getByRole("row", { name: /Iscrizione ai servizi scolastici.*Inviato/ })).toBeVisible();
  await expect(page.getByRole("row", { name: /Richiesta di dieta speciale.*Inviato/ })).toBeVisible();
  await waitForHydration(page);
  await expectNoAxeViolations(page, testInfo, "moduli");

  // The operator approves the enrolment.
  const staff = await browser.newContext();
  const operator = await staff.newPage();
  await operator.goto("/accedi?ritorno=/area-personale/pratiche");
  await operator.getByRole("link", { name: "Entra con CIE" }).click();
  await loginAtProvider(operator, "GLLNNA90L47A944N");
  await expect(operator.getByRole("heading", { level: 1 })).toHaveText("Pratiche dei moduli online");
  await operator.getByRole("row", { name: /Iscrizione ai servizi scolastici/ }).getByRole("link").click();
  await expect(operator.getByRole("heading", { level: 1 })).toContainText("Iscrizione ai servizi scolastici – protocollo");
  await expect(operator.getByRole("row", { name: /Nome dell'alunno Anna/ })).toBeVisible();
  await waitForHydration(operator);
  await expectNoAxeViolations(operator, testInfo, "pratica");
  await operator.getByRole("button", { name: "Conferma la decisione" }).click();
  await expect(operator.getByRole("status")).toContainText("Anna Rossi iscritto a Refezione Scolastica");
  await staff.close();

  // The tutore sees the child and the message.
  await page.goto("/area-personale");
  await expect(page.getByRole("heading", { name: "Anna Rossi" })).toBeVisible();
  await page.goto("/area-personale/comunicazioni");
  await expect(page.getByRole("article").filter({ hasText: "Modulo accolto: Iscrizione ai servizi scolastici" })).toBeVisible();
  await family.close();
});
