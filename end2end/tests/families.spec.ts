import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, expectNoSidewaysScroll, signIn } from "./helpers";

const ANNA_OPERATOR = "GLLNNA90L47A944N";
const MARIO = "RSSMRA80A01H501U";

test("the office finds Mario Rossi by fiscal code and reads his balance and statement", async ({ browser }, testInfo) => {
  const office = await signIn(browser, ANNA_OPERATOR, "/area-personale");
  await office.getByRole("link", { name: /^Famiglie/ }).click();
  await expect(office.getByRole("heading", { level: 1 })).toHaveText("Famiglie");
  await office.getByLabel("Nome, codice fiscale o codice avviso").fill(MARIO.toLowerCase());
  await office.getByRole("button", { name: "Cerca" }).click();
  await expect(office).toHaveURL(/famiglie\?q=/);
  await expect(office.getByRole("status")).toHaveText("1 famiglia trovata.");
  for (const width of [360, 1280]) {
    await office.setViewportSize({ width, height: 800 });
    await expectNoSidewaysScroll(office);
    await expectNoAxeViolations(office, testInfo, `famiglie-${width}`);
  }
  await office.getByRole("link", { name: "Mario Rossi" }).click();
  await expect(office.getByRole("heading", { level: 1 })).toHaveText("Famiglia di Mario Rossi");
  const wallet = office.locator(".family-account").filter({ hasText: "borsellino" });
  await expect(wallet.locator(".balance-line")).toContainText(/Saldo: -?[\d.]+,\d\d\s€/);
  // The transport account's statement: each instalment debited, with the running balance.
  const transport = office.locator(".family-account").filter({ hasText: "Trasporto Scolastico (rette)" });
  const first = transport.getByRole("row", { name: /rata 1 di 3 – Giulia Rossi/ }).first();
  await expect(first).toContainText("-93,00");
  await expect(office.getByRole("heading", { name: "Alunni" })).toBeVisible();
  // An open instalment's avviso downloads for the office too.
  const avviso = office.waitForEvent("download");
  await office.getByRole("link", { name: /^Avviso \(PDF\): .*rata 3 di 3 – Giulia Rossi/ }).click();
  expect((await avviso).suggestedFilename()).toMatch(/^avviso-3\d{17}\.pdf$/);
  for (const width of [360, 1280]) {
    await office.setViewportSize({ width, height: 800 });
    await expectNoSidewaysScroll(office);
    await expectNoAxeViolations(office, testInfo, `famiglia-${width}`);
  }
});

test("a family cannot open the office's Famiglie", async ({ browser }) => {
  const mario = await signIn(browser, MARIO, "/area-personale");
  await expect(mario.getByRole("link", { name: /^Famiglie/ })).toHaveCount(0);
  await mario.goto(`/area-personale/famiglie/${MARIO}`);
  await expect(mario.locator("main")).toContainText("Non hai i permessi");
});
