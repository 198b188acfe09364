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
  await expect(wallet.locator(".balance-line")).toContainText("€");
  await expect(wallet.locator("table.statement tbody tr").first()).toBeVisible();
  await expect(office.getByRole("heading", { name: "Alunni" })).toBeVisible();
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
