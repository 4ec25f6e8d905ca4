// Screenshots of the main pages for docs/ (make screenshots), taken from a fresh `leerrecht demo`.
//   node tests/browser/screenshots.mjs --binary build/release/bin/leerrecht --out docs/screenshots
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { argument, launchBrowser, logIn, sourceDir, startDemo } from './support.mjs';

const out = path.resolve(argument('out', path.join(sourceDir, 'docs', 'screenshots')));
mkdirSync(out, { recursive: true });
const demo = await startDemo(argument('binary'));
const browser = await launchBrowser();
// The dashboard lists some 150 cases: its first screen is enough (and keeps the file small).
const shot = async (page, name, fullPage = true) => {
  await page.screenshot({ path: path.join(out, `${name}.png`), fullPage });
  console.log(path.join(out, `${name}.png`));
};
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const login = await context.newPage();
  await login.goto(`${demo.base}/inloggen`);
  await shot(login, 'inloggen');
  await context.close();

  const lpa = await logIn(browser, demo.base, 'k.jansen', demo.accounts['k.jansen']);
  await lpa.setViewportSize({ width: 1280, height: 800 });
  await shot(lpa, 'overzicht', false);
  // A case in Arnhem goes to SWV Passend Wijs (config/demo/swv-regions.toml); look for one.
  const links = await lpa.locator('table tbody tr a').evaluateAll((as) => as.slice(0, 40).map((a) => a.href));
  let shared = false;
  for (const href of links) {
    await lpa.goto(href);
    if (!(await lpa.getByText('Arnhem', { exact: true }).count())) continue;
    await shot(lpa, 'dossier');
    await lpa.getByRole('link', { name: 'Gegevens delen' }).click();
    await lpa.getByLabel('Ontvanger').selectOption('swv-passend-wijs');
    await lpa.getByLabel('Overeenkomst').selectOption('thuiszitters-midden-gelre');
    await lpa.getByLabel('Doel').selectOption('thuiszitters-in-beeld');
    for (const field of ['bsn', 'naam', 'adres', 'school_laatst_bekend', 'verzuim_startdatum', 'halt_verwijzing']) {
      await lpa.locator(`#veld-${field}`).check();
    }
    await lpa.getByRole('button', { name: 'Beslissing bekijken' }).click();
    await lpa.getByRole('heading', { name: /^Beslissing:/ }).waitFor();
    await shot(lpa, 'delen-beslissing');
    await lpa.getByLabel('Ik heb gecontroleerd dat deze gegevens juist en actueel zijn').check();
    await lpa.getByLabel('Ik heb overwogen of minder of geanonimiseerde gegevens volstaan').check();
    await lpa.getByRole('button', { name: 'Verzenden' }).click();
    await lpa.getByRole('heading', { name: 'Gegevens verzonden' }).waitFor();
    await lpa.goto(`${href}/logboek`);
    await shot(lpa, 'logboek', false);
    shared = true;
    break;
  }
  if (!shared) throw new Error('geen zaak in Arnhem gevonden om te delen');
  await lpa.goto(`${demo.base}/rapportages/kwartaal`);
  await shot(lpa, 'kwartaalcijfers');
  await lpa.goto(`${demo.base}/import`);
  await shot(lpa, 'duo-import');
  await lpa.goto(`${demo.base}/overeenkomsten/thuiszitters-midden-gelre`);
  await shot(lpa, 'overeenkomst');
  await lpa.goto(`${demo.base}/vergelijken`);
  await shot(lpa, 'vergelijken');
  await lpa.goto(`${demo.base}/tweede-factor`);
  await shot(lpa, 'tweede-factor');

  const fg = await logIn(browser, demo.base, 'f.gegevens', demo.accounts['f.gegevens']);
  await fg.setViewportSize({ width: 1280, height: 800 });
  await fg.goto(`${demo.base}/break-glass`);
  await shot(fg, 'break-glass');
  await fg.goto(`${demo.base}/autorisatiematrix`);
  await shot(fg, 'autorisatiematrix', false);
  await fg.goto(`${demo.base}/verstrekkingenregister`);
  await shot(fg, 'verstrekkingenregister');

  const admin = await logIn(browser, demo.base, 'b.passendwijs', demo.accounts['b.passendwijs']);
  await admin.setViewportSize({ width: 1280, height: 800 });
  await admin.goto(`${demo.base}/aanwijzingen`);
  await shot(admin, 'aanwijzingen');

  const swv = await logIn(browser, demo.base, 'c.deboer', demo.accounts['c.deboer']);
  await swv.setViewportSize({ width: 1280, height: 800 });
  await swv.goto(`${demo.base}/ontvangen`);
  await swv.locator('table tbody tr').last().getByRole('link').click();
  // Only a disclosure with a confidentiality notice (an art. 20 Wpg decision) shows it first.
  const acknowledge = swv.getByRole('button', { name: /vertrouwelijkheidsmelding gelezen/ });
  if (await acknowledge.count()) {
    await shot(swv, 'ontvangen-vertrouwelijk');
    await acknowledge.click();
  }
  await shot(swv, 'ontvangen-gegevens');
  await swv.goto(`${demo.base}/vergelijken/ontvangen?van=rbl-midden-gelre`);
  await shot(swv, 'vergelijken-ontvangen');
} finally {
  await browser.close();
  await demo.stop();
}
