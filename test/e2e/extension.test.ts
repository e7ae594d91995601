/**
 * The extension end to end: built by WXT, loaded into Debian's Chromium (headless), talking to
 * the API on loopback with a real Dovecot mailbox behind it. Provider pages come from fixtures by
 * request interception; screenshots of each step land in test-artifacts/e2e/.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { DEFAULT_CUSTOMER, buildDianEmail, emailWithoutAttachment } from "../fixtures/index.ts";
import {
  appendMessage,
  createMailUser,
  mailServers,
  oauthServer,
  type MailUser,
} from "../harness/index.ts";
import { startApi, type ApiServer } from "./support/api-server.ts";
import {
  CHROMIUM,
  inWorker,
  launchBrowser,
  openTab,
  screenshot,
  servePages,
  waitForText,
  type TestBrowser,
} from "./support/browser.ts";
import { CHROME_BUILD, FIREFOX_BUILD, buildExtension } from "./support/build-extension.ts";

const PAGES = join(import.meta.dirname, "pages");
const OUTLOOK_URL = "https://outlook.live.com/mail/0/options/mail/popImap";
const CPANEL_URL = "https://cpanel.buzon.test:2083/cpsess1/frontend/jupiter/mail/clientconf.html";
const FIXTURE_PAGES = {
  "https://outlook.live.com/": join(PAGES, "outlook-sync-email.html"),
  "https://cpanel.buzon.test:2083/": join(PAGES, "cpanel-connect-devices.html"),
};

type Chrome = {
  action: {
    getBadgeText(d: { tabId?: number }): Promise<string>;
    getBadgeBackgroundColor(d: object): Promise<number[]>;
  };
  storage: { session: { get(key: string): Promise<{ detected?: Record<string, unknown> }> } };
};
declare const chrome: Chrome;

beforeAll(() => buildExtension(), 240_000);

describe("Firefox build", () => {
  it("has an add-on id under browser_specific_settings and the same pages", () => {
    const manifest = JSON.parse(readFileSync(join(FIREFOX_BUILD, "manifest.json"), "utf8"));

    expect(manifest.browser_specific_settings.gecko.id).toMatch(/@/);
    expect(manifest.optional_permissions).toEqual(["http://*/*", "https://*/*"]);
    expect(manifest.browser_action.default_popup).toBe("popup.html");
    for (const file of ["popup.html", "options.html", "dashboard.html", "page-reader.js"]) {
      expect(existsSync(join(FIREFOX_BUILD, file))).toBe(true);
    }
  });
});

describe.skipIf(!existsSync(CHROMIUM))("in Chromium", () => {
  let api: ApiServer;
  let test: TestBrowser;
  let user: MailUser;
  const origin = () => `chrome-extension://${test.extension.id}`;

  beforeAll(async () => {
    api = await startApi();
    await api.request("/api/v1/company", {
      method: "PUT",
      body: JSON.stringify({ name: "Comprador de Prueba S.A.", nit: DEFAULT_CUSTOMER.nit }),
    });
    user = createMailUser("extension");
    for (const number of ["FE1001", "FE1002"]) {
      await appendMessage(user.user, user.password, buildDianEmail({ number }).raw);
    }
    await appendMessage(user.user, user.password, emailWithoutAttachment().raw);
    test = await launchBrowser(CHROME_BUILD);
  }, 60_000);

  afterAll(async () => {
    await test?.close();
    await api?.stop();
  });

  it("connects to the API from the options page, with host access for that origin only", async () => {
    const page = await openTab(test);
    await grantApiOrigin(page, test.extension.id);
    await connectFromOptions(page, origin(), api);
    await waitForText(page, "Comprador de Prueba S.A.");
    await screenshot(page, "01-connect");

    const granted = await page.evaluate(() => (globalThis as any).chrome.permissions.getAll());
    expect(granted.origins.filter((o: string) => o.startsWith("http:"))).toEqual([
      "http://127.0.0.1/*",
    ]);
    await page.close();
  });

  let outlook: Page;

  it("highlights the values on Outlook's Sync email page once it renders", async () => {
    outlook = await openTab(test);
    await servePages(outlook, FIXTURE_PAGES);
    await outlook.goto(OUTLOOK_URL);

    const countBoxes = () =>
      document.querySelector("buzon-highlights")?.shadowRoot?.querySelectorAll(".box").length ?? 0;
    await outlook.waitForFunction(countBoxes, { polling: 50, timeout: 10_000 });
    await outlook.click("#save");
    await screenshot(outlook, "02-outlook-highlighted");

    expect(await outlook.evaluate(countBoxes)).toBe(6); // IMAP and SMTP: server name, port, encryption
    expect(await outlook.evaluate(() => document.body.dataset.saved)).toBe("yes");
    // The tab the background keeps values for shows a mark on the toolbar; other tabs do not.
    const badges = () =>
      inWorker(test, async () => {
        const { detected = {} } = await chrome.storage.session.get("detected");
        const [tabId] = Object.keys(detected).map(Number);
        if (tabId === undefined) return null;
        return {
          tab: await chrome.action.getBadgeText({ tabId }),
          global: await chrome.action.getBadgeText({}),
        };
      });
    await expect.poll(badges, { timeout: 5_000 }).toEqual({ tab: "✓", global: "" });
  });

  let popup: Page;

  it("fills the popup from the detected values, tests the connection, saves and runs", async () => {
    await outlook.bringToFront();
    await outlook.triggerExtensionAction(test.extension);
    const target = await test.browser.waitForTarget((t) => t.url().endsWith("/popup.html"));
    popup = (await target.asPage())!;
    await waitForText(
      popup,
      "Valores detectados en esta página: IMAP outlook.office365.com 993 TLS",
    );
    await waitForText(popup, "Microsoft ya no acepta la contraseña simple");
    await screenshot(popup, "03-popup-detected");

    await popup.click(".detected button");
    await waitForText(popup, "Se cambiaron: Servidor, Puerto.");
    expect(await popup.$eval("#f-host", (el) => (el as HTMLInputElement).value)).toBe(
      "outlook.office365.com",
    );

    // The test's mailbox is Dovecot on loopback, not Microsoft: its own address, port and CA.
    await replace(popup, "#f-username", user.user);
    await useTestDovecot(popup);
    await popup.type("#f-password", user.password);
    await popup.type("#f-passwordConfirmation", user.password);

    await clickButton(popup, "Probar conexión");
    await waitForText(popup, "Conexión exitosa");
    await screenshot(popup, "04-popup-connection-test");

    await clickButton(popup, "Guardar");
    await waitForText(popup, "Configuración guardada.");
    await clickButton(popup, "Procesar ahora");
    await waitForText(popup, "Procesados 2, fallidos 1", 30_000);
    await waitForText(popup, "Correos fallidos: 1");
    await screenshot(popup, "05-popup-after-run");
  });

  it("shows the unseen failed e-mail on the badge in red", async () => {
    const read = () =>
      inWorker(test, async () => ({
        text: await chrome.action.getBadgeText({}),
        color: await chrome.action.getBadgeBackgroundColor({}),
      }));
    await expect.poll(async () => (await read()).text, { timeout: 10_000 }).toBe("1");
    expect((await read()).color.slice(0, 3)).toEqual([211, 47, 47]);
  });

  it("lists the received documents on the dashboard, with their detail", async () => {
    const page = await openTab(test);
    await page.goto(`${origin()}/dashboard.html#documents`);
    await page.waitForFunction(
      () => document.querySelectorAll("tr[data-document-id]").length === 2,
      {
        polling: 50,
      },
    );
    await waitForText(page, "2 documentos");
    await screenshot(page, "06-dashboard");

    await page.click("tr[data-document-id] a");
    await waitForText(page, "Validación DIAN");
    await waitForText(page, "Total a pagar");
    await screenshot(page, "07-dashboard-detail");

    await page.goto(`${origin()}/dashboard.html#failed`);
    await waitForText(page, "El correo no trae un documento electrónico");
    await screenshot(page, "08-dashboard-failed");
    const badge = () => inWorker(test, () => chrome.action.getBadgeText({}));
    await expect.poll(badge, { timeout: 10_000 }).toBe("");

    // An e-mail with no document fails again when retried; the dashboard says the retry ran.
    const retry = await page.waitForSelector("xpath/.//button[contains(., 'Reintentar')]");
    await retry!.click();
    await waitForText(page, "Se reintentó; revisa el resultado.");
    await page.close();
  });

  it("reads cPanel's Connect Devices page when the popup opens over it", async () => {
    const page = await openTab(test);
    await servePages(page, FIXTURE_PAGES);
    await page.goto(CPANEL_URL);
    await page.bringToFront();
    await page.triggerExtensionAction(test.extension);
    const target = await test.browser.waitForTarget(
      (t) => t.url().endsWith("/popup.html") && t !== popup?.target(),
    );
    const cpanelPopup = (await target.asPage())!;
    await waitForText(
      cpanelPopup,
      "IMAP mail.empresa.com.co 993 TLS · POP mail.empresa.com.co 995 TLS",
    );
    await screenshot(cpanelPopup, "09-popup-cpanel");
    await screenshot(page, "10-cpanel-highlighted");
  });
});

describe.skipIf(!existsSync(CHROMIUM))(
  "in Chromium, a Microsoft 365 mailbox with OAuth 2.0",
  () => {
    let api: ApiServer;
    let test: TestBrowser;
    let user: MailUser;
    const origin = () => `chrome-extension://${test.extension.id}`;

    beforeAll(async () => {
      // The harness's provider stands in for Microsoft; Dovecot takes the tokens it issues.
      api = await startApi({
        BUZON_MS_CLIENT_ID: "buzon-test-ms",
        BUZON_MS_CLIENT_SECRET: "buzon-test-ms-secret",
        BUZON_MS_AUTHORITY: `${oauthServer().url}/ms`,
      });
      await api.request("/api/v1/company", {
        method: "PUT",
        body: JSON.stringify({ name: "Comprador de Prueba S.A.", nit: DEFAULT_CUSTOMER.nit }),
      });
      user = createMailUser("extension-oauth");
      for (const number of ["FO2001", "FO2002"]) {
        await appendMessage(user.user, user.password, buildDianEmail({ number }).raw);
      }
      test = await launchBrowser(CHROME_BUILD);
    }, 60_000);

    afterAll(async () => {
      await test?.close();
      await api?.stop();
    });

    it(
      "signs in with Microsoft from the popup, saves without a password and reads the mailbox",
      { timeout: 120_000 },
      async () => {
        // Where the test was if it fails, for a DevTools call that never answers.
        let stage = "start";
        onTestFailed(() => console.error(`OAuth e2e failed at stage: ${stage}`));
        stage = "open a tab";
        const page = await openTab(test);
        stage = "grant the API origin";
        await grantApiOrigin(page, test.extension.id);
        stage = "options page";
        await connectFromOptions(page, origin(), api);

        // The popup as a tab: a real popup closes when the sign-in tab opens, and resumes polling
        // from session storage when opened again (covered by the unit tests).
        stage = "popup form";
        await page.goto(`${origin()}/popup.html`);
        await page.waitForSelector("#f-serverType");
        await page.select("#f-serverType", "oauth-microsoft");
        await page.type("#f-username", user.user);
        await useTestDovecot(page);
        expect(await page.$("#f-password")).toBeNull();
        await page.waitForFunction(
          () =>
            [...document.querySelectorAll("button")].some(
              (b) => b.textContent === "Iniciar sesión con Microsoft" && !b.disabled,
            ),
          { polling: 50, timeout: 10_000 },
        );
        await waitForText(page, "Usar un código de dispositivo");
        await screenshot(page, "11-popup-oauth-sign-in");

        // The extension opens the provider's page in a new tab; the test provider signs in the
        // login_hint at once and sends the browser to the API's callback.
        stage = "sign-in tab";
        const signInTab = test.browser.waitForTarget(
          // The redirect URI names localhost (BUZON_PUBLIC_URL's default for 127.0.0.1).
          (t) => t.url().includes("/api/v1/oauth/microsoft/callback?"),
          { timeout: 30_000 },
        );
        await clickButton(page, "Iniciar sesión con Microsoft");
        const callback = (await (await signInTab).asPage())!;
        await waitForText(callback, "Vuelve a la extensión");
        await screenshot(callback, "12-oauth-callback");
        await callback.close();
        // Clicks need the tab in front (headless renders no frames for a background tab).
        await page.bringToFront();

        stage = "signed in";
        await waitForText(page, `Sesión iniciada como ${user.user}.`);
        await screenshot(page, "13-popup-oauth-signed-in");

        stage = "test, save, run";
        await clickButton(page, "Probar conexión");
        await waitForText(page, "Conexión exitosa");
        await clickButton(page, "Guardar");
        await waitForText(page, "Configuración guardada.");
        await clickButton(page, "Procesar ahora");
        await waitForText(page, "Procesados 2, fallidos 0", 30_000);
        await screenshot(page, "14-popup-oauth-after-run");

        stage = "dashboard";
        await page.goto(`${origin()}/dashboard.html#documents`);
        await page.waitForFunction(
          () => document.querySelectorAll("tr[data-document-id]").length === 2,
          { polling: 50, timeout: 10_000 },
        );
        await page.close();
      },
    );
  },
);

/** Stands in for the user's "Allow" on Chrome's permission prompt, which headless cannot show. */
async function grantApiOrigin(page: Page, extensionId: string): Promise<void> {
  await page.goto("chrome://extensions");
  await page.evaluate(
    (id) => (globalThis as any).chrome.developerPrivate.addHostPermission(id, "http://127.0.0.1/*"),
    extensionId,
  );
}

/** Connects the extension to the API from its options page, as a user does. */
async function connectFromOptions(page: Page, origin: string, api: ApiServer): Promise<void> {
  await page.goto(`${origin}/options.html`);
  await page.waitForSelector("#api-url");
  await page.$eval("#api-url", (el) => ((el as HTMLInputElement).value = ""));
  await page.type("#api-url", api.url);
  await page.type("#api-token", api.token);
  await page.click("button[type=submit]");
  await waitForText(page, `Conectado a ${api.url}`);
}

/** Points the popup's form at the harness's Dovecot: its address, IMAPS port and test CA. */
async function useTestDovecot(page: Page): Promise<void> {
  const servers = mailServers();
  await replace(page, "#f-host", servers.host);
  await replace(page, "#f-port", String(servers.imapsPort));
  await page.click(".advanced summary");
  await page.$eval(
    "#f-tlsCa",
    (el, pem) => {
      (el as HTMLTextAreaElement).value = pem;
      el.dispatchEvent(new Event("input", { bubbles: true }));
    },
    servers.caPem,
  );
}

async function replace(page: Page, selector: string, value: string): Promise<void> {
  await page.click(selector, { count: 3 });
  await page.$eval(selector, (el) => ((el as HTMLInputElement).value = ""));
  await page.type(selector, value);
}

async function clickButton(page: Page, name: string): Promise<void> {
  const [button] = await page.$$(`xpath/.//button[normalize-space()="${name}"]`);
  if (!button) throw new Error(`No button «${name}»`);
  await (button as unknown as { click(): Promise<void> }).click();
}
