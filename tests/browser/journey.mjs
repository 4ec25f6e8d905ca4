// Browser test in real Chromium (playwright-core) against `leerrecht demo`: zero axe-core
// violations on every page, and the main journey: log in as a leerplichtambtenaar, see the
// thuiszitters, open a dossier, share it with the responsible SWV after seeing the decision field
// by field, then log in as that SWV's consultant and read it (the confidentiality notice first).
// A user of another party must not reach the dossier. Also the DUO import (with its error
// summary and report), the agreements with their exchange tables, and a break-glass request
// that the privacy officer sees and another party does not. Then the list comparison (the
// confidentiality notice before the report), the quarterly workbook download (an xlsx), the
// second factor set up with a code, the authorisation matrix for the FG and the beheerder, the
// FG's register of disclosures (W-30, C-36), and the designations (record, reconfirm) with the menu showing only what each role may use.
//   node tests/browser/journey.mjs --binary build/test/bin/leerrecht
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { argument, axeViolations, launchBrowser, logIn, startDemo } from './support.mjs';

// The consultant of each demo SWV (config/demo/region.toml).
const swvUser = { 'swv-passend-wijs': 'c.deboer', 'swv-de-verbinding': 's.verbinding', 'swv-de-liemers': 'l.liemers' };

const results = { passed: 0, failed: 0 };
const problems = [];

async function step(name, fn) {
  try {
    await fn();
    results.passed += 1;
    console.log(`ok - ${name}`);
  } catch (e) {
    results.failed += 1;
    problems.push(`${name}: ${e.message}`);
    console.log(`not ok - ${name}\n  ${String(e.message).split('\n').join('\n  ')}`);
  }
}

// RFC 6238 TOTP of a base32 secret, as an authenticator app computes it.
function totp(base32, at = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of base32.replace(/[\s=]/g, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30000)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 15;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1000000).padStart(6, '0');
}

async function accessible(page, what) {
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `axe-core op ${what} (${page.url()})`);
}

const demo = await startDemo(argument('binary'));
const browser = await launchBrowser();
try {
  const password = demo.accounts['k.jansen'];
  assert.ok(password, 'demo-account k.jansen niet gevonden in de uitvoer van leerrecht demo');

  await step('inlogpagina zonder axe-overtredingen, met skip-link en lang="nl"', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${demo.base}/`);
    assert.equal(new URL(page.url()).pathname, '/inloggen');
    assert.equal(await page.getAttribute('html', 'lang'), 'nl');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Direct naar de inhoud');
    await accessible(page, 'de inlogpagina');
    // A wrong password: the error summary, linked to the field, also without axe violations.
    await page.getByLabel('Gebruikersnaam').fill('k.jansen');
    await page.getByLabel('Wachtwoord', { exact: true }).fill('verkeerd-wachtwoord');
    await page.keyboard.press('Enter');
    await page.getByText('Er is een probleem').waitFor();
    await accessible(page, 'de inlogpagina met foutmelding');
    await context.close();
  });

  let lpa;
  let dossierUrl;
  let responsibleSwv;
  await step('leerplichtambtenaar logt in en ziet zijn thuiszitters', async () => {
    lpa = await logIn(browser, demo.base, 'k.jansen', password);
    await lpa.getByRole('heading', { name: 'Mijn thuiszitters en zaken' }).waitFor();
    const rows = lpa.locator('table tbody tr');
    assert.ok((await rows.count()) > 0, 'geen zaken op het overzicht');
    assert.ok((await lpa.getByText('thuiszitter', { exact: true }).count()) > 0, 'geen thuiszitter gemarkeerd');
    await accessible(lpa, 'het overzicht');
  });

  await step('dossier met regime-badge, MAS-fase en notities; notitie toevoegen met het toetsenbord', async () => {
    await lpa.locator('table tbody tr').first().getByRole('link').click();
    await lpa.waitForURL(/\/zaken\/\d+$/);
    dossierUrl = lpa.url();
    await lpa.getByText(/Regime [AB] — Wpg/).waitFor();
    await lpa.getByText('MAS-fase').waitFor();
    await accessible(lpa, 'het dossier');
    await lpa.getByLabel('Nieuwe notitie').fill('Huisbezoek gepland (browsertest).');
    await lpa.getByLabel('Nieuwe notitie').press('Tab');
    await lpa.keyboard.press('Enter');  // the focused "Notitie toevoegen" button, by keyboard
    await lpa.getByText('Huisbezoek gepland (browsertest).').waitFor();
    await accessible(lpa, 'het dossier na een notitie');
  });

  await step('delen: eerst de beslissing per gegeven, dan verzenden na bevestiging', async () => {
    await lpa.getByRole('link', { name: 'Gegevens delen' }).click();
    await lpa.waitForURL(/\/delen$/);
    await accessible(lpa, 'het deelformulier');
    const choose = async (swv) => {
      await lpa.getByLabel('Ontvanger').selectOption(swv);
      await lpa.getByLabel('Overeenkomst').selectOption('thuiszitters-midden-gelre');
      await lpa.getByLabel('Doel').selectOption('thuiszitters-in-beeld');
      for (const field of ['bsn', 'naam', 'adres', 'school_laatst_bekend', 'verzuim_startdatum', 'halt_verwijzing']) {
        await lpa.locator(`#veld-${field}`).check();
      }
      await lpa.getByRole('button', { name: 'Beslissing bekijken' }).click();
    };
    await choose('swv-passend-wijs');
    // The region table decides which SWV is responsible; the refusal names it (SPEC C-03).
    const refusal = lpa.getByText(/dat is (swv-[a-z-]+)/);
    const decision = lpa.getByRole('heading', { name: /^Beslissing:/ });
    await Promise.race([refusal.first().waitFor(), decision.waitFor()]);
    responsibleSwv = 'swv-passend-wijs';
    if (await refusal.count()) {
      responsibleSwv = (await refusal.first().textContent()).match(/dat is (swv-[a-z-]+)/)[1];
      await choose(responsibleSwv);
      await decision.waitFor();
    }
    await lpa.getByText('wordt verstrekt').first().waitFor();
    await lpa.getByText('(wpg-excluded)').waitFor();  // halt_verwijzing refused with its reason
    await accessible(lpa, 'de beslissing');
    // Without the confirmations: an error summary, nothing sent.
    await lpa.getByRole('button', { name: 'Verzenden' }).click();
    await lpa.getByText('Er is een probleem').waitFor();
    await accessible(lpa, 'het deelformulier met foutmelding');
    await lpa.getByLabel('Ik heb gecontroleerd dat deze gegevens juist en actueel zijn').check();
    await lpa.getByLabel('Ik heb overwogen of minder of geanonimiseerde gegevens volstaan').check();
    await lpa.getByRole('button', { name: 'Verzenden' }).click();
    await lpa.getByRole('heading', { name: 'Gegevens verzonden' }).waitFor();
    await accessible(lpa, 'de verzendbevestiging');
  });

  await step('verwerkingslogboek van de jongere: de verstrekking aan het SWV staat erin, de nieuwste eerst', async () => {
    await lpa.goto(dossierUrl);
    await lpa.getByRole('link', { name: 'Verwerkingslogboek van deze jongere' }).first().click();
    await lpa.waitForURL(/\/zaken\/\d+\/logboek/);
    await lpa.getByRole('heading', { name: 'Verwerkingslogboek', level: 1 }).waitFor();
    const rows = lpa.locator('table tbody tr');
    assert.ok((await rows.count()) > 0, 'het logboek heeft vermeldingen');
    // The disclosure of the previous step, with its recipient.
    await lpa.locator('table tbody tr', { hasText: 'Samenwerkingsverband' }).filter({ hasText: 'verstrekking' }).first().waitFor();
    await accessible(lpa, 'het verwerkingslogboek');
  });

  await step('DUO-import: foutmelding zonder bestand, daarna het rapport met afgewezen regels', async () => {
    await lpa.getByRole('link', { name: 'DUO-import' }).click();
    await lpa.waitForURL(/\/import$/);
    await accessible(lpa, 'de importpagina');
    await lpa.getByRole('button', { name: 'Inlezen' }).click();
    await lpa.getByText('Er is een probleem').waitFor();
    await accessible(lpa, 'de importpagina met foutmelding');
    // One usable row and one with an invalid BSN (line 3), as DUO's export is laid out.
    const csv = 'meldingsnummer;bsn;achternaam;voornamen;geboortedatum;brin;verzuimsoort;begindatum;lesuren;toelichting;melddatum\n' +
      'BT-1;111222333;Zwartkruis;Lina;2011-05-04;12AB;16-uur-onder-18;2025-02-10;18;Vaak te laat;2025-02-24\n' +
      'BT-2;123456789;Zwartkruis;Lina;2011-05-04;12AB;16-uur-onder-18;2025-02-10;18;Vaak te laat;2025-02-24\n';
    await lpa.getByLabel('CSV-bestand van DUO').setInputFiles({ name: 'duo-browsertest.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    // The progress display appears as the upload starts (web/static/leerrecht.js).
    const shown = await lpa.evaluate(() => {
      document.querySelector('form[data-voortgang]').requestSubmit();
      return !document.getElementById('import-voortgang').hidden;
    });
    assert.ok(shown, 'de voortgang van de import wordt niet getoond');
    await lpa.getByRole('heading', { name: /^Rapport van duo-browsertest\.csv/ }).waitFor();
    await lpa.getByRole('table', { name: 'Afgewezen regels' }).waitFor();
    assert.equal(await lpa.getByText('123456789').count(), 0, 'een waarde uit het bestand staat in het rapport');
    await accessible(lpa, 'het importrapport');
  });

  await step('overeenkomsten met de uitwisselingstabel', async () => {
    await lpa.getByRole('link', { name: 'Overeenkomsten' }).click();
    await lpa.waitForURL(/\/overeenkomsten$/);
    await accessible(lpa, 'de overeenkomsten');
    await lpa.locator('table tbody tr').first().getByRole('link').click();
    await lpa.waitForURL(/\/overeenkomsten\/[a-z0-9-]+$/);
    await lpa.getByRole('heading', { level: 3 }).first().waitFor();
    await accessible(lpa, 'een overeenkomst met uitwisselingstabel');
  });

  await step('lijsten vergelijken: eerst de vertrouwelijkheid, dan het verslag in drie groepen', async () => {
    await lpa.getByRole('link', { name: 'Lijsten vergelijken' }).click();
    await lpa.waitForURL(/\/vergelijken$/);
    await accessible(lpa, 'de vergelijkingspagina');
    await lpa.getByRole('button', { name: 'Lijst vergelijken' }).click();
    await lpa.getByText('Er is een probleem').waitFor();
    await accessible(lpa, 'de vergelijkingspagina met foutmelding');
    const csv = 'bsn,categorie,startdatum,school\n232262536,langdurig-verzuim,2025-01-13,De Meerwaarde (12AB)\n';
    await lpa.getByLabel('CSV-bestand met de ontvangen lijst').setInputFiles({ name: 'swv-lijst.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await lpa.getByRole('button', { name: 'Lijst vergelijken' }).click();
    await lpa.getByRole('heading', { name: /^Verslag: eigen register tegen het bestand swv-lijst\.csv/ }).waitFor();
    const headings = await lpa.locator('main h2').allTextContents();
    assert.equal(headings[0], 'Vertrouwelijk', `de eerste kop is ${headings[0]}`);
    await lpa.getByRole('heading', { name: 'Alleen in ontvangen lijst' }).waitFor();
    await accessible(lpa, 'het vergelijkingsverslag');
    // SPEC C-16: the quarterly covenant list for one SWV, released only when complete.
    await lpa.getByRole('button', { name: 'Lijst controleren' }).click();
    await lpa.waitForURL(/\/vergelijken\/convenantlijst\?/);
    await lpa.getByRole('heading', { name: /^Convenantlijst voor / }).waitFor();
    await lpa.getByRole('table', { name: 'Aantallen per noemer' }).waitFor();
    await accessible(lpa, 'de controle van de convenantlijst');
  });

  await step('wachtwoord wijzigen: de pagina en haar foutmelding', async () => {
    await lpa.goto(`${demo.base}/wachtwoord`);
    await lpa.getByRole('heading', { level: 1 }).first().waitFor();
    await accessible(lpa, 'de pagina wachtwoord wijzigen');
    await lpa.locator('main form button[type=submit]').first().click();
    await lpa.getByText('Er is een probleem').waitFor();
    await accessible(lpa, 'de pagina wachtwoord wijzigen met foutmelding');
  });

  await step('kwartaalcijfers met grafiek, en de werkmap downloaden (xlsx)', async () => {
    await lpa.getByRole('link', { name: 'Kwartaalcijfers' }).click();
    await lpa.getByRole('img', { name: /Thuiszitters op de peildatum/ }).waitFor();
    await accessible(lpa, 'de kwartaalcijfers');
    const [download] = await Promise.all([
      lpa.waitForEvent('download'),
      lpa.getByRole('link', { name: 'Download als Excel-werkmap' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /\.xlsx$/);
    const bytes = readFileSync(await download.path());
    assert.equal(bytes.subarray(0, 4).toString('latin1'), 'PK\u0003\u0004', 'de download is geen xlsx (zip)');
  });

  await step('tweede factor instellen en bevestigen met een code', async () => {
    await lpa.getByRole('link', { name: 'Tweede factor' }).click();
    await lpa.waitForURL(/\/tweede-factor$/);
    await accessible(lpa, 'de pagina tweede factor');
    await lpa.getByRole('button', { name: 'Tweede factor instellen' }).click();
    const secret = (await lpa.locator('#geheim').textContent()).trim();
    assert.match(await lpa.locator('#uri').textContent(), /^otpauth:\/\/totp\//);
    await accessible(lpa, 'de sleutel van de tweede factor');
    await lpa.getByLabel('Code uit uw authenticator-app').fill(totp(secret));
    await lpa.getByRole('button', { name: 'Tweede factor aanzetten' }).click();
    await lpa.getByText('Staat aan', { exact: true }).waitFor();
    await accessible(lpa, 'de tweede factor aan');
    await lpa.getByRole('button', { name: 'Uitloggen' }).click();
    await lpa.getByText('U bent uitgelogd.').waitFor();
  });

  await step('de consulent van het SWV ziet de ontvangen gegevens, eerst de vertrouwelijkheid', async () => {
    const swv = await logIn(browser, demo.base, swvUser[responsibleSwv], demo.accounts[swvUser[responsibleSwv]]);
    await accessible(swv, 'het overzicht van het SWV');
    await swv.getByRole('link', { name: 'Ontvangen gegevens' }).first().click();
    await swv.waitForURL(/\/ontvangen$/);
    await accessible(swv, 'ontvangen gegevens');
    await swv.locator('table tbody tr').last().getByRole('link').click();
    const acknowledge = swv.getByRole('button', { name: /vertrouwelijkheidsmelding gelezen/ });
    if (await acknowledge.count()) {
      await accessible(swv, 'de vertrouwelijkheidsmelding');
      await acknowledge.click();
    }
    await swv.getByRole('heading', { name: 'Gegevens' }).waitFor();
    await swv.getByText('burgerservicenummer', { exact: false }).first().waitFor();
    assert.equal(await swv.getByText('Huisbezoek gepland').count(), 0, 'notities horen niet bij de verstrekking');
    await accessible(swv, 'de ontvangen verstrekking');
    // SPEC C-17 at the SWV: its register against what it received, the notice first.
    await swv.getByRole('link', { name: 'Lijsten vergelijken' }).click();
    await swv.getByRole('button', { name: 'Vergelijken met ontvangen gegevens' }).click();
    await swv.getByRole('heading', { name: /^Verslag: eigen register tegen de gegevens ontvangen van/ }).waitFor();
    assert.equal((await swv.locator('main h2').allTextContents())[0], 'Vertrouwelijk');
    await accessible(swv, 'de vergelijking met ontvangen gegevens');
    // The SWV is another party: the RBL's dossier is not found.
    const response = await swv.goto(dossierUrl);
    assert.equal(response.status(), 404);
    await accessible(swv, 'de foutpagina');
    await swv.context().close();
  });

  await step('een leerplichtambtenaar van buiten de caseload ziet de inhoud niet', async () => {
    const other = await logIn(browser, demo.base, 'm.bakker', demo.accounts['m.bakker']);
    const response = await other.goto(dossierUrl);
    const text = await other.locator('main').innerText();
    assert.ok([200, 403].includes(response.status()), `status ${response.status()}`);
    assert.ok(!text.includes('Huisbezoek gepland'), 'notitie zichtbaar voor een collega buiten de caseload');
    await accessible(other, 'het dossier zonder toegang');
    await other.context().close();
  });

  await step('break-glass: een waarnemer vraagt toegang aan, de FG ziet het op zijn overzicht', async () => {
    const other = await logIn(browser, demo.base, 'm.bakker', demo.accounts['m.bakker']);
    await other.getByRole('link', { name: 'Break-glass' }).click();
    await other.waitForURL(/\/break-glass$/);
    await accessible(other, 'de break-glass-pagina');
    // Without reason and ground: the error summary.
    await other.getByRole('button', { name: 'Toegang aanvragen' }).click();
    await other.getByText('Er is een probleem').waitFor();
    await accessible(other, 'de break-glass-pagina met foutmelding');
    await other.getByLabel('Zaaknummer').fill(dossierUrl.split('/').pop());
    await other.getByLabel('Reden').fill('Waarneming tijdens ziekte (browsertest).');
    await other.getByLabel('Wettelijke grondslag').fill('Leerplichtwet 1969 art. 16');
    await other.getByRole('button', { name: 'Toegang aanvragen' }).click();
    await other.getByText('Uw aanvraag is vastgelegd.').waitFor();
    await other.context().close();

    const fg = await logIn(browser, demo.base, 'f.gegevens', demo.accounts['f.gegevens']);
    await fg.goto(`${demo.base}/break-glass`);
    await fg.getByText('Waarneming tijdens ziekte (browsertest).').waitFor();
    await accessible(fg, 'het break-glass-overzicht van de FG');
    await fg.context().close();

    // The SWV is another party: its overview holds none of the RBL's requests.
    const swv = await logIn(browser, demo.base, swvUser[responsibleSwv], demo.accounts[swvUser[responsibleSwv]]);
    await swv.goto(`${demo.base}/break-glass`);
    assert.equal(await swv.getByText('browsertest').count(), 0, 'break-glass van een andere partij zichtbaar');
    await swv.context().close();
  });

  await step('geheimhouding OM-gegevens: de aanvraag met foutmelding, de teamleider ziet de lijst', async () => {
    const other = await logIn(browser, demo.base, 'm.bakker', demo.accounts['m.bakker']);
    await other.getByRole('link', { name: 'OM-geheimhouding' }).click();
    await other.waitForURL(/\/om-uitzonderingen$/);
    await accessible(other, 'de pagina geheimhouding OM-gegevens');
    await other.getByRole('button', { name: 'Uitzondering aanvragen' }).click();
    await other.getByText('Er is een probleem').waitFor();
    await accessible(other, 'de pagina geheimhouding OM-gegevens met foutmelding');
    await other.context().close();

    const lead = await logIn(browser, demo.base, 't.leider', demo.accounts['t.leider']);
    await lead.goto(`${demo.base}/om-uitzonderingen`);
    await lead.getByRole('heading', { name: 'Geheimhouding van OM-gegevens' }).waitFor();
    await accessible(lead, 'de lijst van de teamleider');
    await lead.context().close();
  });

  await step('uitzonderlijke verstrekking: zonder aparte grondslag geweigerd, met foutmelding', async () => {
    const other = await logIn(browser, demo.base, 'm.bakker', demo.accounts['m.bakker']);
    await other.getByRole('link', { name: 'Uitzonderlijke verstrekking' }).click();
    await other.waitForURL(/\/uitzonderlijke-verstrekkingen$/);
    await accessible(other, 'de pagina uitzonderlijke verstrekking');
    await other.getByRole('button', { name: 'Verstrekken' }).click();
    await other.getByText('Er is een probleem').waitFor();
    await accessible(other, 'de pagina uitzonderlijke verstrekking met foutmelding');
    await other.context().close();
  });

  await step('autorisatiematrix: leesbaar voor de FG, zonder wijzigformulier', async () => {
    const fg = await logIn(browser, demo.base, 'f.gegevens', demo.accounts['f.gegevens']);
    await fg.getByRole('link', { name: 'Autorisatiematrix' }).click();
    await fg.waitForURL(/\/autorisatiematrix$/);
    await fg.getByRole('table', { name: 'Rechten van de rol leerplichtambtenaar' }).waitFor();
    assert.equal(await fg.getByRole('button', { name: 'Matrix vaststellen' }).count(), 0);
    assert.equal(await fg.getByRole('link', { name: 'Aanwijzingen' }).count(), 0, 'menu-item Aanwijzingen voor de FG');
    await accessible(fg, 'de autorisatiematrix');
    await fg.context().close();
  });

  await step('verstrekkingenregister: de FG ziet de verstrekking aan het SWV, zonder inhoud', async () => {
    const fg = await logIn(browser, demo.base, 'f.gegevens', demo.accounts['f.gegevens']);
    await fg.getByRole('link', { name: 'Verstrekkingenregister' }).click();
    await fg.waitForURL(/\/verstrekkingenregister$/);
    const table = fg.getByRole('table', { name: /^Verstrekkingen \d{4} Q\d/ });
    await table.waitFor();
    assert.ok((await table.getByRole('row').count()) >= 2, 'het register toont de verstrekking van deze reis niet');
    await accessible(fg, 'het verstrekkingenregister');
    await fg.context().close();
  });

  await step('aanwijzingen: de beheerder wijst aan en herbevestigt; zijn menu heeft geen vergelijking', async () => {
    const admin = await logIn(browser, demo.base, 'b.passendwijs', demo.accounts['b.passendwijs']);
    assert.equal(await admin.getByRole('link', { name: 'Lijsten vergelijken' }).count(), 0, 'menu-item voor de beheerder');
    const refused = await admin.goto(`${demo.base}/vergelijken`);
    assert.equal(refused.status(), 403);
    await admin.getByRole('link', { name: 'Aanwijzingen' }).click();
    await admin.waitForURL(/\/aanwijzingen$/);
    await accessible(admin, 'de aanwijzingen');
    await admin.getByRole('button', { name: 'Aanwijzing vastleggen' }).click();
    await admin.getByText('Er is een probleem').waitFor();
    await accessible(admin, 'de aanwijzingen met foutmelding');
    await admin.getByLabel('Wie wordt aangewezen').selectOption({ label: 'C. de Boer (c.deboer)' });
    await admin.getByRole('button', { name: 'Aanwijzing vastleggen' }).click();
    await admin.getByText('De aanwijzing is vastgelegd.').waitFor();
    await admin.getByRole('button', { name: 'Herbevestigen: C. de Boer (c.deboer)' }).first().click();
    await admin.getByText('De aanwijzing is herbevestigd.').waitFor();
    await accessible(admin, 'de aanwijzingen na herbevestigen');
    await admin.goto(`${demo.base}/autorisatiematrix`);
    await admin.getByText('Een nieuwe versie stelt alleen de verwerkingsverantwoordelijke vast.').waitFor();
    await admin.context().close();
  });
} finally {
  await browser.close();
  await demo.stop();
}

console.log(`${results.passed} passed, ${results.failed} failed`);
if (results.failed > 0) {
  console.error(problems.join('\n'));
  process.exitCode = 1;
}
