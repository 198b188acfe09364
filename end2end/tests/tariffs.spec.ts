import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, futureDay, openTariffsAsClerk, waitForHydration } from "./helpers";

test("a clerk previews and saves a new price list with the personalised tariff", async ({ page }, testInfo) => {
  await openTariffsAsClerk(page);
  await expect(page.getByRole("heading", { name: "Listino in vigore dal 01/09/2026" })).toBeVisible();
  await expect(page.locator(".tariff-band").filter({ hasText: "FASCIA4" })).toContainText("4,00");
  await waitForHydration(page);

  const { iso, it } = futureDay();
  await page.getByLabel("Valido dal").fill(iso);
  // Starting from the copy: FASCIA1–5 go, the personalised tariff replaces them.
  // Bootstrap Italia draws the box on the label: a person clicks the label.
  for (const n of [2, 3, 4, 5, 6]) {
    await page.getByText(`Togli la fascia ${n}`, { exact: true }).click();
    await expect(page.getByLabel(`Togli la fascia ${n}`)).toBeChecked();
  }
  await page.getByText("Applica la tariffa personalizzata", { exact: true }).click();
  await expect(page.getByLabel("Applica la tariffa personalizzata")).toBeChecked();
  await page.getByLabel("ISEE minimo (€)").fill("2000");
  await page.getByLabel("ISEE massimo (€)").fill("20000");
  await page.getByLabel("Prezzo minimo (€)").fill("1");
  await page.getByLabel("Prezzo massimo (€)").fill("5");
  await page.getByLabel("Sconto dal secondo figlio (%)").last().fill("50");
  await page.getByRole("button", { name: "Anteprima" }).click();

  const preview = page.locator(".tariff-preview");
  await expect(preview.getByRole("heading", { name: `Anteprima: quanto pagherebbe ogni famiglia dal ${it}` })).toBeVisible();
  // Mario Rossi (ISEE 12.400 €): Giulia 4,00 € today, 3,31 € then; Luca half, 1,66 €.
  await expect(preview.getByText(/Giulia Rossi \(primo figlio\)/).locator("..")).toContainText("dal nuovo listino 3,31");
  // (The forms test may have enrolled a third child for Mario meanwhile: Luca is a later child either way.)
  await expect(preview.getByText(/Luca Rossi \((secondo|terzo) figlio\)/).locator("..")).toContainText("dal nuovo listino 1,66");
  await waitForHydration(page);
  await expectNoAxeViolations(page, testInfo, "tariffe-anteprima");

  await page.getByRole("button", { name: "Salva il nuovo listino" }).click();
  await expect(page.getByRole("status")).toContainText("salvato");
  const scheduled = page.locator(".tariff-list").filter({ has: page.getByRole("heading", { name: `Listino dal ${it} (non ancora in vigore)` }) });
  await expect(scheduled).toBeVisible();
  await expect(scheduled.locator(".tariff-band").filter({ hasText: "PERSONALIZZATA" })).toContainText("1,00");
  await expect(scheduled.locator(".tariff-band")).toHaveCount(4);
});

test("a bad price list is explained next to its field and not saved", async ({ page }) => {
  await openTariffsAsClerk(page);
  await page.getByLabel("Valido dal").fill(futureDay().iso);
  // The first row is the exemption, in the demo list and in any list saved from it.
  await page.locator("#tariffa-rows-0-isee_min").fill("3000");
  await page.locator("#tariffa-rows-0-isee_max").fill("500");
  await page.getByRole("button", { name: "Anteprima" }).click();
  await expect(page.locator("#tariffa-rows-0-isee_max-errore")).toHaveText(
    "Il limite «ISEE fino a» deve essere maggiore di «ISEE oltre».",
  );
  await expect(page.locator("#tariffa-rows-0-isee_max")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("button", { name: "Salva il nuovo listino" })).toHaveCount(0);
});
