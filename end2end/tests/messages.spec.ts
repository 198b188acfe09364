import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, loginAtProvider, waitForHydration } from "./helpers";

test("an operator writes to a family, who reads it in Comunicazioni", async ({ browser }, testInfo) => {
  // The operator writes to Laura Bianchi (by her fiscal code).
  const staff = await browser.newContext();
  const operator = await staff.newPage();
  await operator.goto("/accedi?ritorno=/area-personale/comunicazioni");
  await operator.getByRole("link", { name: "Entra con CIE" }).click();
  await loginAtProvider(operator, "GLLNNA90L47A944N");
  await operator.getByRole("link", { name: "Scrivi una comunicazione alle famiglie" }).click();
  await expect(operator.getByRole("heading", { level: 1 })).toHaveText("Scrivi una comunicazione");
  await waitForHydration(operator);
  await expectNoAxeViolations(operator, testInfo, "comunicazioni-nuova");
  await operator.getByLabel("A chi").selectOption("famiglia");
  await operator.getByLabel("Codice fiscale del tutore (per «Una famiglia»)").fill("BNCLRA85M41F205C");
  await operator.getByLabel("Oggetto").fill("Uscita didattica <giovedì>");
  await operator.getByLabel("Testo").fill("Gentile famiglia,\n\ngiovedì la classe pranza al sacco:\nil pasto è disdetto d'ufficio.");
  await operator.getByRole("button", { name: "Invia" }).click();
  await expect(operator.getByRole("status")).toHaveText("Comunicazione inviata a 1 famiglia.");
  await staff.close();

  // Laura sees the unread badge, reads the message (escaped, in paragraphs), marks it read.
  const family = await browser.newContext();
  const page = await family.newPage();
  await page.goto("/accedi?ritorno=/area-personale");
  await page.getByRole("link", { name: "Entra con CIE" }).click();
  await loginAtProvider(page, "BNCLRA85M41F205C");
  const badge = page.getByRole("link", { name: /comunicazion[ei] non lett[ae]/ });
  await expect(badge).toBeVisible();
  const unread = Number((await badge.innerText()).replace(/\D/g, ""));
  expect(unread).toBeGreaterThan(0);
  await badge.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Comunicazioni");
  const message = page.getByRole("article").filter({ hasText: "Uscita didattica <giovedì>" });
  await expect(message).toContainText("il pasto è disdetto d'ufficio.");
  await expect(message.getByText("Nuova")).toBeVisible();
  await waitForHydration(page);
  await expectNoAxeViolations(page, testInfo, "comunicazioni");
  await message.getByRole("button", { name: "Segna come letta: Uscita didattica <giovedì>" }).click();
  await expect(message.getByText("Nuova")).toHaveCount(0);
  // The header counts one less.
  if (unread === 1) await expect(badge).toHaveCount(0);
  else await expect(badge).toHaveAccessibleName(`${unread - 1} comunicazion${unread - 1 === 1 ? "e non letta" : "i non lette"}`);
  await family.close();
});
