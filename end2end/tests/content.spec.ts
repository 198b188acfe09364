import { Browser, BrowserContext, expect, test } from "@playwright/test";
import { CONTENUTI, expectNoAxeViolations, loginAtProvider, waitForHydration } from "./helpers";

const ANNA_OPERATOR = "GLLNNA90L47A944N";
/** A real 1×1 PNG, so the browser shows it. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

/** A context signed in as the operator of the content tests' own Ente, landing on `path`. */
async function office(browser: Browser, path: string, width?: number): Promise<BrowserContext> {
  const context = await browser.newContext(
    width ? { viewport: { width, height: 740 }, isMobile: true, hasTouch: true } : {},
  );
  const page = await context.newPage();
  await page.goto(`${CONTENUTI}/accedi?ritorno=${encodeURIComponent(path)}`);
  await page.getByRole("link", { name: "Entra con CIE" }).click();
  await loginAtProvider(page, ANNA_OPERATOR);
  await expect(page).toHaveURL(new RegExp(path.replace(/[?]/g, "\\?") + "$"));
  await page.close();
  return context;
}

test("a clerk publishes a news item with an image: it shows on the public home", async ({ browser }, testInfo) => {
  const staff = await office(browser, "/area-personale/contenuti");
  const page = await staff.newPage();
  await page.goto(CONTENUTI + "/area-personale");
  await page.getByRole("link", { name: /Contenuti del sito/ }).click();
  await page.getByRole("link", { name: "Nuova notizia" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nuova notizia");
  await waitForHydration(page);
  // An empty title: the sentence next to the field, nothing saved.
  await page.getByRole("button", { name: "Salva bozza" }).click();
  await expect(page.locator("#news-title-error")).toHaveText("Scrivi il titolo.");
  await expect(page.getByLabel("Titolo")).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Titolo").fill("Festa di fine anno in mensa");
  await page.getByLabel("Sommario (mostrato nell'elenco delle notizie)").fill("Il 19 dicembre pranzo speciale per tutti.");
  await page.getByLabel("Testo").fill("Il menù è **speciale**.\n\n<script>alert(1)</script>");
  await page.getByRole("button", { name: "Salva bozza" }).click();
  await expect(page.getByRole("status").first()).toContainText("Bozza salvata");
  await expect(page.locator(".content-preview strong")).toHaveText("speciale");
  await expect(page.locator(".content-preview")).toContainText("<script>alert(1)</script>");

  // The image: refused without its alt text, then saved with it.
  await page.getByLabel("Immagine: JPEG o PNG fino a 5 MB").setInputFiles({ name: "festa.png", mimeType: "image/png", buffer: PNG });
  await page.getByRole("button", { name: "Salva l'immagine" }).click();
  await expect(page.locator("#news-image-alt-error")).toHaveText("Scrivi il testo alternativo: descrive l'immagine a chi non la vede.");
  await page.getByLabel("Immagine: JPEG o PNG fino a 5 MB").setInputFiles({ name: "festa.png", mimeType: "image/png", buffer: PNG });
  await page.getByLabel("Testo alternativo (obbligatorio): che cosa mostra l'immagine").fill("Tavola apparecchiata a festa");
  await page.getByRole("button", { name: "Salva l'immagine" }).click();
  await expect(page.getByRole("status").first()).toHaveText("Immagine salvata.");
  await expect(page.getByRole("img", { name: "Tavola apparecchiata a festa" })).toBeVisible();
  await waitForHydration(page);
  await expectNoAxeViolations(page, testInfo, "contenuti-notizia");
  await page.getByRole("button", { name: "Pubblica ora" }).click();
  await expect(page.getByRole("status").first()).toContainText("Notizia pubblicata");
  await staff.close();

  const visitor = await browser.newPage();
  await visitor.goto(CONTENUTI + "/");
  const card = visitor.locator(".news-card").filter({ hasText: "Festa di fine anno in mensa" });
  await expect(card.getByRole("img", { name: "Tavola apparecchiata a festa" })).toBeVisible();
  await card.getByRole("link", { name: "Festa di fine anno in mensa" }).click();
  await expect(visitor.locator("article strong")).toHaveText("speciale");
  await expect(visitor.locator("article")).toContainText("<script>alert(1)</script>");
  await visitor.close();
});

test("a clerk uploads a document and anyone downloads it", async ({ browser }, testInfo) => {
  const staff = await office(browser, "/area-personale/contenuti/documenti");
  const page = await staff.newPage();
  await page.goto(CONTENUTI + "/area-personale/contenuti/documenti");
  await waitForHydration(page);
  await expectNoAxeViolations(page, testInfo, "contenuti-documenti");
  await page.getByLabel("Titolo").fill("Menù di primavera 2027");
  await page.getByLabel("Categoria").selectOption("menu");
  await page.getByLabel("Descrizione").fill("In vigore dal 1° marzo.");
  // The wrong type first: refused next to the file, the form filled in again.
  await page.getByLabel("File: PDF, ODT, ODS o CSV fino a 5 MB").setInputFiles({ name: "menu.pdf", mimeType: "application/pdf", buffer: PNG });
  await page.getByRole("button", { name: "Pubblica", exact: true }).click();
  await expect(page.locator("#doc-file-error")).toContainText("Tipo di file non ammesso");
  await expect(page.getByLabel("Titolo")).toHaveValue("Menù di primavera 2027");
  const pdf = Buffer.from("%PDF-1.4\n% menu di primavera\n%%EOF\n");
  await page.getByLabel("File: PDF, ODT, ODS o CSV fino a 5 MB").setInputFiles({ name: "menu-primavera.pdf", mimeType: "application/pdf", buffer: pdf });
  await page.getByRole("button", { name: "Pubblica", exact: true }).click();
  await expect(page.getByRole("status").first()).toHaveText("Documento pubblicato.");
  await staff.close();

  const visitor = await browser.newPage();
  await visitor.goto(CONTENUTI + "/documenti");
  const card = visitor.locator(".document-card").filter({ hasText: "Menù di primavera 2027" });
  const download = visitor.waitForEvent("download");
  await card.getByRole("link", { name: /Scarica/ }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("menu-primavera.pdf");
  const path = await file.path();
  const { readFile } = await import("node:fs/promises");
  expect((await readFile(path)).toString()).toBe(pdf.toString());
  await visitor.close();
});

test("a clerk edits the Privacy page: its footer link shows the text", async ({ browser }, testInfo) => {
  const staff = await office(browser, "/area-personale/contenuti/pagine");
  const page = await staff.newPage();
  await page.goto(CONTENUTI + "/area-personale/contenuti/pagine");
  await page.getByRole("main").getByRole("link", { name: "Informativa sulla privacy", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Modifica pagina");
  await waitForHydration(page);
  await expectNoAxeViolations(page, testInfo, "contenuti-pagina");
  await page.getByLabel("Testo", { exact: true }).fill("## Titolare del trattamento\n\nIl Comune di Prova, ufficio scuola.");
  await page.getByRole("button", { name: "Salva la pagina" }).click();
  await expect(page.getByRole("status").first()).toHaveText("Pagina salvata.");
  await staff.close();

  const anonymous = await browser.newContext();
  const visitor = await anonymous.newPage();
  await visitor.goto(CONTENUTI + "/");
  await visitor.getByRole("contentinfo").getByRole("link", { name: "Informativa sulla privacy" }).click();
  await expect(visitor.getByRole("heading", { level: 1 })).toHaveText("Informativa sulla privacy");
  await expect(visitor.getByRole("heading", { level: 2, name: "Titolare del trattamento" })).toBeVisible();
  await expect(visitor.getByText("Il Comune di Prova, ufficio scuola.")).toBeVisible();
  await waitForHydration(visitor);
  await expectNoAxeViolations(visitor, testInfo, "pagina-privacy");
  await anonymous.close();
});

const officePages: Array<[string, string]> = [
  ["contenuti", "/area-personale/contenuti"],
  ["contenuti-nuova-notizia", "/area-personale/contenuti/notizie/nuova"],
  ["contenuti-documenti", "/area-personale/contenuti/documenti"],
  ["contenuti-pagine", "/area-personale/contenuti/pagine"],
  ["contenuti-contatti", "/area-personale/contenuti/pagine/contatti"],
  ["pagina-contatti", "/pagine/contatti"],
];

for (const width of [360, 1280]) {
  test(`axe and no sideways scrolling on every Contenuti page at ${width} px`, async ({ browser }, testInfo) => {
    const staff = await office(browser, "/area-personale/contenuti", width);
    const page = await staff.newPage();
    for (const [name, path] of officePages) {
      await page.goto(CONTENUTI + path);
      await waitForHydration(page);
      await expectNoAxeViolations(page, testInfo, `${name}-${width}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${name}: no horizontal scrolling`).toBeLessThanOrEqual(0);
    }
    // A news item's editor, from the list.
    await page.goto(CONTENUTI + "/area-personale/contenuti");
    await page.locator(".content-item a").first().click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Modifica notizia");
    await waitForHydration(page);
    await expectNoAxeViolations(page, testInfo, `contenuti-notizia-${width}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, "editor: no horizontal scrolling").toBeLessThanOrEqual(0);
    await staff.close();
  });
}
