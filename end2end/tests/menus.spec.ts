import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, expectNoSidewaysScroll, signIn, waitForHydration } from "./helpers";

const ANNA_OPERATOR = "GLLNNA90L47A944N";
const MARIO = "RSSMRA80A01H501U";

/** The first Monday at least five weeks ahead (past this month, which other tests read). */
function mondayAhead(): string {
  const d = new Date(Date.now() + 35 * 86_400_000);
  while (d.getUTCDay() !== 1) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

test("a dish changed by the office reaches the family's Prenotazioni", async ({ browser }, testInfo) => {
  const dish = `Gnocchi alla romana ${Date.now().toString().slice(-6)}`;
  const monday = mondayAhead();
  const office = await signIn(browser, ANNA_OPERATOR, "/area-personale/menu");
  await expect(office.getByRole("heading", { level: 1 })).toHaveText("Menù");
  await office.getByLabel("Scuola").selectOption({ label: "Scuola primaria Giovanni Pascoli" });
  await office.getByRole("button", { name: "Mostra" }).click();
  await expect(office.getByRole("heading", { name: "Menù di Scuola primaria Giovanni Pascoli" })).toBeVisible();
  await waitForHydration(office);
  await expect(office.locator("details.menu-version[open]")).toContainText("in vigore dal");

  // A new version from that Monday: week 1's Monday gets the new dish.
  await office.getByLabel("Vale dal").fill(monday);
  await office.getByLabel("Nome del menù").fill("Menù di gennaio");
  await office.getByLabel("Lunedì, settimana 1: piatti").fill(`${dish}\nFrutta di stagione`);
  await office.getByRole("button", { name: "Salva il menù" }).click();
  await expect(office.getByRole("status")).toContainText("Menù «Menù di gennaio» salvato");
  await expect(office.locator("details.menu-version").last()).toContainText("(programmato)");
  for (const width of [1280, 360]) {
    await office.setViewportSize({ width, height: 800 });
    await expectNoSidewaysScroll(office);
    await expectNoAxeViolations(office, testInfo, `menu-${width}`);
  }

  // The family sees it on that day in Prenotazioni.
  const family = await signIn(browser, MARIO, "/area-personale/prenotazioni");
  const giulia = await family.getByRole("link", { name: "Giulia Rossi" }).getAttribute("href");
  const pupil = /alunno=([^&]+)/.exec(giulia ?? "")?.[1];
  await family.goto(`/area-personale/prenotazioni?alunno=${pupil}&mese=${monday.slice(0, 7)}`);
  await waitForHydration(family);
  const menu = family.locator("details.day-menu").filter({ hasText: dish });
  await expect(menu).toHaveCount(1);
  await menu.locator("summary").click();
  await expect(menu.getByRole("listitem").first()).toHaveText(dish);

  // And on the printable menu, for anyone.
  const printable = office.getByRole("link", { name: "Menù da stampare per le famiglie" });
  await printable.click();
  await expect(office.getByRole("heading", { level: 1 })).toHaveText("Menù · Scuola primaria Giovanni Pascoli");
  await expect(office.locator(".menu-print")).toContainText(dish);
  await expectNoAxeViolations(office, testInfo, "menu-stampa");
});
