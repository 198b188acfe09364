import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, expectNoSidewaysScroll, signIn } from "./helpers";

const LUIGI_ADMIN = "MRNLGU70R10D612W";
const RITA_SCHOOL_STAFF = "CLMRTI79E52H501I"; // the primaria
const MARCO_KITCHEN = "RCCMRC83C15F205X"; // the infanzia and the primaria
const ELENA = "GRCLNE88B68H501O";

test("an administrator gives school staff a role for the schools ticked", async ({ browser }, testInfo) => {
  const admin = await signIn(browser, LUIGI_ADMIN, "/area-personale/personale");
  await admin.getByLabel("Codice fiscale", { exact: true }).fill(ELENA);
  await admin.getByLabel("Ruolo", { exact: true }).selectOption("school_staff");
  await admin.getByRole("button", { name: "Assegna" }).click();
  await expect(admin.getByRole("alert")).toContainText("Scegli almeno una scuola per il ruolo «Personale scolastico».");

  // Bootstrap Italia draws the box on the label (the input itself is moved out of sight).
  await admin.locator("label", { hasText: "Scuola primaria Giovanni Pascoli" }).click();
  await expect(admin.getByLabel("Scuola primaria Giovanni Pascoli")).toBeChecked();
  await admin.getByRole("button", { name: "Assegna" }).click();
  await expect(admin.getByRole("status")).toContainText(
    `${ELENA}: ruolo «Personale scolastico» assegnato per: Scuola primaria Giovanni Pascoli.`,
  );
  const line = admin.getByRole("listitem").filter({ hasText: ELENA });
  await expect(line).toContainText("Personale scolastico · Scuola primaria Giovanni Pascoli");

  for (const width of [360, 1280]) {
    await admin.setViewportSize({ width, height: 800 });
    await expectNoSidewaysScroll(admin);
    await expectNoAxeViolations(admin, testInfo, `personale-${width}`);
  }
  await line.getByRole("button", { name: /Revoca/ }).click();
  await expect(admin.getByRole("status")).toContainText("revocato");
});

test("school staff see their school's pupils only, day by day over the past week", async ({ browser }, testInfo) => {
  const rita = await signIn(browser, RITA_SCHOOL_STAFF, "/area-personale");
  await expect(rita.getByRole("link", { name: /^Presenze/ })).toBeVisible();
  await expect(rita.getByRole("link", { name: /^Cucina/ })).toHaveCount(0);
  await expect(rita.getByRole("link", { name: /^Calendario scolastico/ })).toHaveCount(0);
  await rita.getByRole("link", { name: /^Presenze/ }).click();
  await expect(rita.getByRole("heading", { level: 1 })).toHaveText("Presenze in mensa");
  // Luca (infanzia) eats every day in these tests: an operator sees him, Rita does not.
  await expect(rita.getByRole("heading", { level: 2 })).toContainText("alunni presenti");
  await expect(rita.getByText("Luca Rossi")).toHaveCount(0);
  await expect(rita.getByText(/Scuola dell'infanzia/)).toHaveCount(0);
  const days = rita.getByLabel("Giorno");
  await expect(days.locator("option")).toHaveCount(8);
  // The day before yesterday, through the plain form (works before hydration too).
  const value = await days.locator("option").nth(2).getAttribute("value");
  await days.selectOption(value ?? "");
  await rita.getByRole("button", { name: "Mostra" }).click();
  await expect(rita).toHaveURL(new RegExp(`giorno=${value}`));
  const [y, m, d] = (value ?? "").split("-");
  await expect(rita.getByRole("heading", { level: 2 })).toContainText(`${d}/${m}/${y}`);
  for (const width of [360, 1280]) {
    await rita.setViewportSize({ width, height: 800 });
    await expectNoSidewaysScroll(rita);
    await expectNoAxeViolations(rita, testInfo, `presenze-${width}`);
  }
  // Eight days ago is out of reach.
  const tooOld = new Date(Date.now() - 9 * 86_400_000).toISOString().slice(0, 10);
  await rita.goto(`/area-personale/presenze?giorno=${tooOld}`);
  await expect(rita.getByRole("alert")).toContainText("per oggi e per i 7 giorni precedenti");
});

test("the kitchen reads the counts of its schools and downloads them", async ({ browser }, testInfo) => {
  const marco = await signIn(browser, MARCO_KITCHEN, "/area-personale");
  await expect(marco.getByRole("link", { name: /^Presenze/ })).toHaveCount(0);
  await marco.getByRole("link", { name: /^Cucina/ }).click();
  // Tuesday 3 November: six meals in all, two of them at the secondary school.
  await marco.goto("/area-personale/cucina?giorno=2026-11-03");
  await expect(marco.getByRole("heading", { level: 2 })).toHaveText("03/11/2026 – 4 pasti");
  await expect(marco.getByText("Scuola secondaria di primo grado Dante Alighieri")).toHaveCount(0);
  const csv = marco.waitForEvent("download");
  await marco.getByRole("link", { name: "Scarica in formato CSV" }).click();
  const file = await csv;
  const text = await (await file.createReadStream()).toArray();
  expect(Buffer.concat(text).toString("utf-8")).toContain('"Totale";;;4');
  await marco.setViewportSize({ width: 360, height: 800 });
  await expectNoAxeViolations(marco, testInfo, "cucina-360");
});
