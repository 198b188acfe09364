import { expect, Page, test } from "@playwright/test";
import { expectNoAxeViolations, expectNoSidewaysScroll, signIn, waitForHydration } from "./helpers";

const ANNA_OPERATOR = "GLLNNA90L47A944N";
const MARIO = "RSSMRA80A01H501U";

/** A day `n` days from today in the Ente's zone, as a date input takes it. */
function inDays(n: number): string {
  return new Date(Date.now() + n * 86_400_000).toLocaleDateString("sv-SE", { timeZone: "Europe/Rome" });
}

/** The number of canteen days left this month in the family's credit forecast. */
async function daysLeft(page: Page): Promise<number> {
  const text = (await page.locator(".credit-month").textContent()) ?? "";
  if (text.includes("non ci sono altri giorni")) return 0;
  if (text.includes("l'ultimo giorno")) return 1;
  return Number(/Per i (\d+) giorni/.exec(text)?.[1]);
}

test("the office closes the canteen for a holiday and families see it at once", async ({ browser }, testInfo) => {
  // Days far enough ahead not to meet the other tests' bookings.
  const [first, last] = [inDays(15), inDays(17)];
  const sameMonth = first.slice(0, 7) === inDays(0).slice(0, 7);

  const family = await signIn(browser, MARIO, "/area-personale/prenotazioni");
  await expect(family.locator(".credit-month")).toBeVisible();
  const before = await daysLeft(family);

  const office = await signIn(browser, ANNA_OPERATOR, "/area-personale/calendario");
  await expect(office.getByRole("heading", { level: 1 })).toHaveText("Calendario scolastico");
  await expectNoAxeViolations(office, testInfo, "calendario");

  // A reason is required, and a range that ends before it starts is explained.
  await office.locator("#closure-first").fill(last);
  await office.locator("#closure-last").fill(first);
  await office.locator("#closure-reason").fill("Vacanze di Natale");
  await office.getByRole("button", { name: "Aggiungi la chiusura" }).click();
  await expect(office.getByRole("alert")).toContainText("viene prima");

  await office.locator("#closure-first").fill(first);
  await office.locator("#closure-last").fill(last);
  await office.locator("#closure-reason").fill("Vacanze di Natale");
  await office.getByRole("button", { name: "Aggiungi la chiusura" }).click();
  await expect(office.getByRole("status")).toContainText("Chiusura aggiunta: Vacanze di Natale");
  await expect(office.locator(".closure-list")).toContainText("Vacanze di Natale");

  // The family's calendar shows the days closed; the forecast no longer counts them.
  await family.reload();
  await waitForHydration(family);
  if (!sameMonth) await family.getByRole("link", { name: "Mese successivo" }).click();
  await expect(family.locator(".booking-day", { hasText: "Chiuso: Vacanze di Natale" }).first()).toBeVisible();
  if (sameMonth) expect(await daysLeft(family)).toBeLessThan(before);

  // The month view at 360 px: no sideways scrolling.
  await office.setViewportSize({ width: 360, height: 740 });
  await office.goto(`/area-personale/calendario?mese=${first.slice(0, 7)}`);
  await waitForHydration(office);
  await expect(office.locator(".cal-closure").first()).toBeVisible();
  const overflow = await office.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "no horizontal scrolling at 360 px").toBeLessThanOrEqual(0);
  await expectNoAxeViolations(office, testInfo, "calendario-360");
  const shot = testInfo.outputPath("calendario-mobile.png");
  await office.screenshot({ path: shot, fullPage: true });
  await testInfo.attach("calendario-mobile", { path: shot, contentType: "image/png" });
});

test("the office imports the regional calendar: a bad line stops it, the fixed file goes in", async ({ browser }) => {
  const office = await signIn(browser, ANNA_OPERATOR, "/area-personale/calendario");
  const year = Number(inDays(0).slice(0, 4)) + 1;
  const upload = async (text: string) => {
    await office.locator("#import-file").setInputFiles({
      name: "calendario-regionale.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(text, "utf-8"),
    });
    await office.getByRole("button", { name: "Importa" }).click();
  };
  await upload(`dal;al;motivo\n01/03/${year};;Carnevale\n31/02/${year};;Ponte\n`);
  await expect(office.getByRole("alert")).toContainText("non è stato importato nulla");
  await expect(office.getByRole("alert")).toContainText("Riga 3");
  // Nothing imported (and no list at all when the Ente has no closure yet).
  await expect(office.locator(".closure-list").filter({ hasText: "Carnevale" })).toHaveCount(0);

  await upload(`dal;al;motivo\n01/03/${year};;Carnevale\n02/06/${year};03/06/${year};Elezioni\n`);
  await expect(office.getByRole("status")).toContainText("2 chiusure importate");
  await expect(office.locator(".closure-list")).toContainText("Carnevale");
  await expect(office.locator(".closure-list")).toContainText("Elezioni");
});

test("the office changes the booking settings, each one explained", async ({ browser }, testInfo) => {
  const office = await signIn(browser, ANNA_OPERATOR, "/area-personale");
  await office.getByRole("link", { name: /^Impostazioni prenotazioni/ }).click();
  await expect(office.getByRole("heading", { level: 1 })).toHaveText("Impostazioni delle prenotazioni");
  await waitForHydration(office);
  await expectNoAxeViolations(office, testInfo, "impostazioni-prenotazioni");
  await office.setViewportSize({ width: 360, height: 740 });
  await expectNoSidewaysScroll(office);
  await expectNoAxeViolations(office, testInfo, "impostazioni-prenotazioni-360");
  await office.setViewportSize({ width: 1280, height: 800 });
  await expect(office.getByText("Entro quest'ora del giorno stesso")).toBeVisible();
  const limit = office.getByLabel("Saldo negativo ammesso (euro)");
  const old = await limit.inputValue();
  await limit.fill("mille");
  await office.getByRole("button", { name: "Salva le impostazioni" }).click();
  await expect(office.getByRole("alert")).toContainText("Saldo negativo ammesso");
  await limit.fill(old);
  await office.getByRole("button", { name: "Salva le impostazioni" }).click();
  await expect(office.getByRole("status")).toContainText("Nessuna modifica");
});
