// Demo citizens of the local identity provider. Fiscal codes are fictional but valid;
// the tutori are the demo families of Comune di Valleverde (see the server's seed).
import crypto from "node:crypto";

const PEOPLE = [
  { fiscalCode: "RSSMRA80A01H501U", givenName: "Mario", familyName: "Rossi", email: "mario.rossi@example.org", role: "tutore (2 figli)" },
  { fiscalCode: "BNCLRA85M41F205C", givenName: "Laura", familyName: "Bianchi", email: "laura.bianchi@example.org", role: "tutore (1 figlia)" },
  { fiscalCode: "SPSFNC82D49F839L", givenName: "Francesca", familyName: "Esposito", email: "francesca.esposito@example.org", role: "tutore (3 figli)" },
  { fiscalCode: "FRRPLA75E20L219Z", givenName: "Paolo", familyName: "Ferrari", email: "paolo.ferrari@example.org", role: "delegato" },
  { fiscalCode: "GLLNNA90L47A944N", givenName: "Anna", familyName: "Gallo", email: "anna.gallo@example.org", role: "operatore dell'Ente" },
  { fiscalCode: "MRNLGU70R10D612W", givenName: "Luigi", familyName: "Marino", email: "luigi.marino@example.org", role: "amministratore dell'Ente" },
  { fiscalCode: "CLMRTI79E52H501I", givenName: "Rita", familyName: "Colombo", email: "rita.colombo@example.org", role: "personale della scuola primaria" },
  { fiscalCode: "RCCMRC83C15F205X", givenName: "Marco", familyName: "Ricci", email: "marco.ricci@example.org", role: "cucina (infanzia e primaria)" },
  { fiscalCode: "CNTSRA92C55M082A", givenName: "Sara", familyName: "Conti", email: "sara.conti@example.org", role: "operatrice del Comune di Montechiaro" },
  { fiscalCode: "GRCLNE88B68H501O", givenName: "Elena", familyName: "Greco", role: "cittadina senza figli iscritti" },
  // An EU citizen logging in through eIDAS: no Italian fiscal code, so the portal must refuse.
  { fiscalCode: null, eidasId: "DE/IT/8d1a7c0e", givenName: "Hans", familyName: "Müller", role: "cittadino UE (eIDAS) senza codice fiscale" },
];

/** The account id (and `sub`) is opaque, as SPID's pairwise `sub`: never the fiscal code. */
export const CITIZENS = PEOPLE.map((p) => ({
  ...p,
  id: crypto.createHash("sha256").update(`sportello-dev:${p.fiscalCode ?? p.eidasId}`).digest("hex").slice(0, 32),
}));

export const accountOf = (fiscalCode) => CITIZENS.find((c) => c.fiscalCode === fiscalCode)?.id;

export const SPID_LEVELS = [
  "https://www.spid.gov.it/SpidL1",
  "https://www.spid.gov.it/SpidL2",
  "https://www.spid.gov.it/SpidL3",
];

/** The claims a SPID/CIE provider releases (from /userinfo), with the fiscal code prefixed TINIT-. */
export function claimsOf(citizen) {
  const claims = {
    sub: citizen.id,
    given_name: citizen.givenName,
    family_name: citizen.familyName,
  };
  if (citizen.fiscalCode) claims["https://attributes.eid.gov.it/fiscal_number"] = `TINIT-${citizen.fiscalCode}`;
  if (citizen.email) claims.email = citizen.email;
  return claims;
}
