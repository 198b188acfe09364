import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, expectNoSidewaysScroll, signIn } from "./helpers";

const ANNA_OPERATOR = "GLLNNA90L47A944N";
const LUIGI_ADMIN = "MRNLGU70R10D612W";
const SETUP = "/area-personale/scuole-e-servizi";

test("the office adds a school with a class, and a service without bookings", async ({ browser }, testInfo) => {
  // Rows of this test's own, named to sort after the demo's (other pages open the first school or service).
  const n = Date.now().toString().slice(-6);
  const schoolName = `Scuola primaria Rodari ${n}`;
  const page = await signIn(browser, ANNA_OPERATOR, SETUP);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Scuole, classi e servizi");
  await expect(page.getByRole("heading", { name: "Scuola primaria Giovanni Pascoli", exact: true })).toBeVisible();
  await expectNoAxeViolations(page, testInfo, "scuole-e-servizi");

  // A school.
  const newSchool = page.locator("#nuova-scuola");
  await newSchool.locator("summary").click();
  await newSchool.getByLabel("Nome della scuola").fill(schoolName);
  await newSchool.getByLabel("Tipo").selectOption("primaria");
  await newSchool.getByLabel("Indirizzo").fill("Via dei Pini 3, Valleverde");
  await newSchool.getByRole("button", { name: "Salva la scuola" }).click();
  await expect(page.getByRole("status")).toContainText(`Scuola «${schoolName}» aggiunta.`);
  const card = page.locator(".setup-card").filter({ has: page.locator("h3", { hasText: schoolName }) });
  await expect(card).toContainText("Nessuna classe.");

  // A class with canteen on Monday and Wednesday (the boxes start at Monday to Friday);
  // a week without canteen days is explained next to the days.
  await card.getByText("Aggiungi una classe").click();
  const addClass = card.locator("details.setup-add");
  await addClass.getByLabel("Nome della classe").fill("1ª A");
  for (const day of ["lun", "mar", "mer", "gio", "ven"]) await addClass.getByText(day, { exact: true }).click();
  await addClass.getByRole("button", { name: "Salva la classe" }).click();
  await expect(addClass.getByRole("alert")).toHaveText("Scegli almeno un giorno di mensa, dal lunedì al sabato.");
  for (const day of ["lun", "mer"]) await addClass.getByText(day, { exact: true }).click();
  await addClass.getByRole("button", { name: "Salva la classe" }).click();
  await expect(page.getByRole("status")).toContainText("Classe 1ª A");
  await expect(card.locator(".setup-class")).toContainText("Mensa: lun, mer · nessun alunno");

  // A prepaid service: a taxonomy of another shape is explained next to its field.
  const newService = page.locator("#nuovo-servizio");
  await newService.locator("summary").click();
  await newService.getByLabel("Nome del servizio").fill(`Servizio estivo ${n}`);
  await newService.getByLabel("Codice").fill(`ESTATE${n}`);
  await newService.getByLabel("Tassonomia pagoPA").fill("0201109IM");
  await newService.getByRole("button", { name: "Salva il servizio" }).click();
  const taxonomy = newService.getByLabel("Tassonomia pagoPA");
  await expect(taxonomy).toHaveAttribute("aria-invalid", "true");
  await expect(newService.getByRole("alert")).toContainText("Scrivi la tassonomia pagoPA nella forma 9/0201102IM/");
  await taxonomy.fill("9/0201109IM/");
  await newService.getByRole("button", { name: "Salva il servizio" }).click();
  await expect(page.getByRole("status")).toContainText(`Servizio «Servizio estivo ${n}» aggiunto.`);

  // Its bookings turned off.
  const service = page.locator(".setup-card").filter({ has: page.getByRole("heading", { name: `Servizio estivo ${n}`, exact: true }) });
  await expect(service).toContainText("Prenotazioni: sì");
  await service.getByText(`Modifica il servizio Servizio estivo ${n}`).click();
  await service.getByText("Prenotazioni per le famiglie (solo servizi prepagati)").click();
  await service.getByRole("button", { name: "Salva il servizio" }).click();
  await expect(page.getByRole("status")).toContainText("aggiornato");
  await expect(service).toContainText("Prenotazioni: no");

  // The school retired: "Dismessa", and no more new classes.
  await card.getByRole("button", { name: "Dismetti la scuola" }).click();
  await expect(card.getByText("Dismessa")).toBeVisible();
  await expect(card.getByText("Aggiungi una classe")).toHaveCount(0);

  // Phone and desktop: no sideways scrolling, no accessibility violations.
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    await expectNoSidewaysScroll(page);
    await expectNoAxeViolations(page, testInfo, `scuole-e-servizi-${width}`);
  }
  const shot = testInfo.outputPath("scuole-e-servizi-mobile.png");
  await page.setViewportSize({ width: 360, height: 800 });
  await page.screenshot({ path: shot, fullPage: true });
  await testInfo.attach("scuole-e-servizi-mobile", { path: shot, contentType: "image/png" });
});

test("a wrong IBAN is explained next to its field; operators only read the pagoPA data", async ({ browser }, testInfo) => {
  const admin = await signIn(browser, LUIGI_ADMIN, SETUP);
  const iban = admin.getByLabel("IBAN di tesoreria");
  await expect(iban).toHaveValue("IT60X0542811101000000123456");
  await iban.fill("IT60X0542811101000000123457");
  await admin.getByRole("button", { name: "Salva i dati pagoPA" }).click();
  await expect(iban).toHaveAttribute("aria-invalid", "true");
  await expect(admin.locator("#pagopa-iban-errore")).toHaveText(
    "L'IBAN non è corretto: le cifre di controllo non corrispondono. Ricontrollalo.",
  );
  await expectNoAxeViolations(admin, testInfo, "dati-pagopa-errore");
  await admin.setViewportSize({ width: 360, height: 800 });
  await expectNoSidewaysScroll(admin);

  const operator = await signIn(browser, ANNA_OPERATOR, SETUP);
  await expect(operator.getByText("Li modifica un amministratore dell'Ente.")).toBeVisible();
  await expect(operator.getByRole("button", { name: "Salva i dati pagoPA" })).toHaveCount(0);
});
