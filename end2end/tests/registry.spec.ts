import { expect, Page, test, TestInfo } from "@playwright/test";
import { expectNoAxeViolations, loginAtProvider, waitForHydration } from "./helpers";

const ANNA_OPERATOR = "GLLNNA90L47A944N";
const PRIMARY = "Scuola primaria Giovanni Pascoli";
// A class of its own: the other tests' pupils and classes stay as they are.
const CLASS = "5ª E";

/** A valid fiscal code from its first 15 characters (the check letter added). */
function fiscalCode(first15: string): string {
  const odd: Record<string, number> = {
    0: 1, 1: 0, 2: 5, 3: 7, 4: 9, 5: 13, 6: 15, 7: 17, 8: 19, 9: 21, A: 1, B: 0, C: 5, D: 7, E: 9, F: 13, G: 15,
    H: 17, I: 19, J: 21, K: 2, L: 4, M: 18, N: 20, O: 11, P: 3, Q: 6, R: 8, S: 12, T: 14, U: 16, V: 10, W: 22,
    X: 25, Y: 24, Z: 23,
  };
  let sum = 0;
  [...first15].forEach((c, i) => {
    const even = /\d/.test(c) ? Number(c) : c.charCodeAt(0) - 65;
    sum += i % 2 === 0 ? odd[c] : even;
  });
  return first15 + String.fromCharCode(65 + (sum % 26));
}

/** 30 pupils in the primary school's new class; line `bad` (of the file) with a wrong check letter. */
function registryList(bad?: number): string {
  const lines = ["Codice fiscale alunno;Nome;Cognome;Data di nascita;Scuola;Classe;Dieta;CF genitore;Nome genitore;Cognome genitore;E-mail;Telefono;Residente"];
  for (let i = 0; i < 30; i++) {
    let pupil = fiscalCode(`LNNTST17B41H${String(100 + i)}`);
    if (lines.length + 1 === bad) pupil = pupil.slice(0, 15) + (pupil[15] === "A" ? "B" : "A");
    const guardian = fiscalCode(`GNTTST80A01H${String(100 + i)}`);
    lines.push(
      `${pupil};Alunno ${i + 1};Prova;01/02/2017;${PRIMARY};${CLASS};;${guardian};Genitore ${i + 1};Prova;genitore${i + 1}@example.it;;sì`,
    );
  }
  return lines.join("\r\n") + "\r\n";
}

async function noSidewaysScrolling(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "no horizontal scrolling at 360 px").toBeLessThanOrEqual(0);
}

async function uploadAndCheck(page: Page, content: string, testInfo: TestInfo, name: string) {
  await page.locator("#registry-file").setInputFiles({ name: "alunni.csv", mimeType: "text/csv", buffer: Buffer.from(content) });
  await page.getByRole("button", { name: "Carica" }).click();
  await expect(page.getByRole("heading", { name: "Scegli le colonne" })).toBeVisible();
  await expect(page.locator(".registry-preview-line").first()).toContainText("Riga 2");
  await expect(page.locator(".registry-preview-line")).toHaveCount(5);
  // The columns are guessed from the headings.
  await expect(page.getByLabel("Codice fiscale alunno")).toHaveValue("0");
  await expect(page.getByLabel("Nome genitore", { exact: true })).toHaveValue("8");
  // Bootstrap Italia draws the box on the label: the clerk clicks the label.
  await page.locator('label[for="crea-classi"]').click();
  await expect(page.getByLabel("Crea le classi che mancano")).toBeChecked();
  await expectNoAxeViolations(page, testInfo, name);
  await page.getByRole("button", { name: "Controlla" }).click();
  await expect(page.getByRole("heading", { name: "Controllo del file" })).toBeVisible();
}

test("the office imports 30 pupils: a wrong fiscal code stops the file, the fixed file goes in", async ({ browser }, testInfo) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/accedi?ritorno=/area-personale/anagrafe");
  await page.getByRole("link", { name: "Entra con CIE" }).click();
  await loginAtProvider(page, ANNA_OPERATOR);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Anagrafe alunni");
  await waitForHydration(page);
  await expectNoAxeViolations(page, testInfo, "anagrafe");

  // Line 15 has a wrong fiscal code: the check says where, and nothing can be imported.
  await uploadAndCheck(page, registryList(15), testInfo, "anagrafe-colonne");
  await expect(page.getByRole("alert")).toContainText("Riga 15: Codice fiscale dell'alunno");
  await expect(page.getByRole("alert")).toContainText("il carattere di controllo non corrisponde");
  await expect(page.getByRole("button", { name: "Importa" })).toBeDisabled();
  await expectNoAxeViolations(page, testInfo, "anagrafe-errori");
  await expect(page.locator(".registry-classes", { hasText: CLASS })).toHaveCount(0);

  // At 360 px the steps fit the screen.
  await page.setViewportSize({ width: 360, height: 740 });
  await noSidewaysScrolling(page);
  await expectNoAxeViolations(page, testInfo, "anagrafe-errori-360");
  await page.setViewportSize({ width: 1280, height: 800 });

  // Fixed: 30 new pupils in the new class.
  await page.goto("/area-personale/anagrafe");
  await waitForHydration(page);
  await uploadAndCheck(page, registryList(), testInfo, "anagrafe-colonne-corretto");
  await expect(page.getByRole("status")).toContainText("30 alunni nuovi e 0 aggiornati");
  await waitForHydration(page);
  await page.getByRole("button", { name: "Importa" }).click();
  await expect(page).toHaveURL(/importazione=/);
  await expect(page.getByRole("status")).toContainText("30 alunni nuovi e 0 aggiornati; 30 genitori nuovi");
  await expect(page.locator(".registry-classes").filter({ hasText: CLASS })).toContainText(`${CLASS}: 30 alunni`);
  await page.setViewportSize({ width: 360, height: 740 });
  await noSidewaysScrolling(page);
  await expectNoAxeViolations(page, testInfo, "anagrafe-importato-360");
  const shot = testInfo.outputPath("anagrafe-mobile.png");
  await page.screenshot({ path: shot, fullPage: true });
  await testInfo.attach("anagrafe-mobile", { path: shot, contentType: "image/png" });

  // The new school year's preview (not confirmed here: the other tests' classes stay).
  await page.getByRole("link", { name: /Nuovo anno scolastico/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nuovo anno scolastico");
  await expect(page.locator(".registry-passage")).toContainText(PRIMARY);
  await noSidewaysScrolling(page);
  await expectNoAxeViolations(page, testInfo, "nuovo-anno-360");
  await page.setViewportSize({ width: 1280, height: 800 });
  await expectNoAxeViolations(page, testInfo, "nuovo-anno");
  await context.close();
});

test("without JavaScript the import runs through its plain forms", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/accedi?ritorno=/area-personale/anagrafe");
  await page.getByRole("link", { name: "Entra con CIE" }).click();
  await loginAtProvider(page, ANNA_OPERATOR);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Anagrafe alunni");
  // Two pupils of a class of their own, with commas this time.
  const list = [
    "CF alunno,Nome alunno,Cognome alunno,Data di nascita,Scuola,Classe,CF genitore,Nome genitore,Cognome genitore,Residente",
    ...[0, 1].map(
      (i) =>
        `${fiscalCode(`SNZJVS17B41H${200 + i}`)},Senza ${i},Script,01/02/2017,${PRIMARY},5ª F,${fiscalCode(`GNTJVS80A01H${200 + i}`)},Genitore,Script,no`,
    ),
  ].join("\n");
  await page.locator("#registry-file").setInputFiles({ name: "senza-js.csv", mimeType: "text/csv", buffer: Buffer.from(list) });
  await page.getByRole("button", { name: "Carica" }).click();
  await expect(page.getByLabel("Dieta (facoltativa)")).toHaveValue("");
  await page.locator('label[for="crea-classi"]').click();
  await page.getByRole("button", { name: "Controlla" }).click();
  await expect(page.getByRole("status")).toContainText("2 alunni nuovi e 0 aggiornati");
  await page.getByRole("button", { name: "Importa" }).click();
  await expect(page).toHaveURL(/importazione=/);
  await expect(page.getByRole("status")).toContainText("senza-js.csv: importato");
  await expect(page.locator(".registry-classes").filter({ hasText: "5ª F" })).toContainText("5ª F: 2 alunni");
  await context.close();
});
