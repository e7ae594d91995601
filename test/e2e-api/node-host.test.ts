/**
 * What a new user does after `npm start`: take the printed token, set the company and the
 * reception mailbox through the API, test the connection, run an ingestion and read the documents.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  appendMessage,
  createMailUser,
  mailServers,
  readFolder,
  waitForSink,
} from "../harness/index.ts";
import { buildDianEmail, emailWithoutAttachment } from "../fixtures/index.ts";
import { startNodeHost, type NodeHost } from "../support/node-host.ts";

describe("the Node host, end to end", () => {
  let host: NodeHost;
  let token: string;
  const user = createMailUser("host-imap");
  const popUser = createMailUser("host-pop3");
  const invoice = buildDianEmail({
    number: "FEH1",
    customer: { nit: "830034343", name: "COMPRADOR" },
  });

  /** Every answer's bytes, scanned for secrets at the end. */
  const answers: Buffer[] = [];
  const api = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const res = await fetch(`${host.url}/api/v1${path}`, {
      method: init.method ?? "GET",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    answers.push(Buffer.from(await res.clone().arrayBuffer()));
    return res;
  };
  const secretKey = randomBytes(32).toString("hex");
  const bootstrapToken = `bz_${randomBytes(24).toString("base64url")}`;

  beforeAll(async () => {
    const servers = mailServers();
    host = await startNodeHost({
      BUZON_ALLOW_PRIVATE_HOSTS: "true",
      BUZON_POLL_MINUTES: "0",
      BUZON_SMTP_URL: `smtp://${servers.host}:${servers.smtpPort}`,
      BUZON_MAIL_FROM: "buzon@buzon.test",
      BUZON_SMTP_CA: servers.caFile,
      BUZON_LOG_LEVEL: "debug",
      BUZON_SECRET_KEY: secretKey,
      BUZON_BOOTSTRAP_TOKEN: bootstrapToken,
    });
    token = bootstrapToken;
    await appendMessage(user.user, user.password, invoice.raw);
    await appendMessage(user.user, user.password, emailWithoutAttachment().raw);
  }, 60_000);
  afterAll(() => host?.stop());

  it("refuses requests without the token", async () => {
    const refused = await fetch(`${host.url}/api/v1/status`);
    expect(refused.status).toBe(401);
  });

  it("ingests an IMAP mailbox configured through the API", async () => {
    const servers = mailServers();
    expect(
      (await api("/company", { method: "PUT", body: { name: "Comprador", nit: "830034343" } }))
        .status,
    ).toBe(200);
    const form = {
      serverType: "basic",
      protocol: "imap",
      host: servers.host,
      port: servers.imapsPort,
      security: "ssl",
      username: user.user,
      password: user.password,
      passwordConfirmation: user.password,
      tlsCa: servers.caPem,
    };
    const saved = await api("/reception-config", { method: "PUT", body: form });
    expect(saved.status, await saved.clone().text()).toBeLessThan(300);
    const savedText = await saved.text();
    expect(savedText).not.toContain(user.password);
    expect(JSON.parse(savedText)).toMatchObject({ passwordSet: true, host: servers.host });

    const test = await (await api("/reception-config/test", { method: "POST" })).json();
    expect(test).toMatchObject({ ok: true, failedStep: null });

    const run = await (await api("/ingestion/runs", { method: "POST" })).json();
    expect(run).toMatchObject({ status: "ok", fetched: 2, processed: 1, failed: 1, duplicates: 0 });
    expect(await readFolder(user.user, user.password, "Procesados")).toHaveLength(1);
    expect(await readFolder(user.user, user.password, "Fallidos")).toHaveLength(1);

    const list = await (await api("/documents?supplierNit=900000001")).json();
    expect(list.total).toBe(1);
    const [doc] = list.items;
    expect(doc).toMatchObject({ number: "FEH1", cufe: invoice.document.cufe });
    const xml = await (await api(`/documents/${doc.id}/xml`)).text();
    expect(xml).toContain(invoice.document.cufe);
    const pdf = new Uint8Array(await (await api(`/documents/${doc.id}/pdf`)).arrayBuffer());
    expect(Buffer.from(pdf).equals(Buffer.from(invoice.pdf))).toBe(true);
    const container = await (await api(`/documents/${doc.id}/attached-document`)).arrayBuffer();
    expect(Buffer.from(container).equals(Buffer.from(invoice.attachedDocument))).toBe(true);

    const failed = await (await api("/messages?status=failed")).json();
    expect(failed.items).toEqual([
      expect.objectContaining({
        reasonCode: "NO_DOCUMENT",
        reason: expect.stringMatching(/\S/),
        settledTo: "Fallidos",
        subjectHint: expect.objectContaining({
          supplierNit: "900000001",
          documentNumber: "FE1001",
        }),
      }),
    ]);
    const status = await (await api("/status")).json();
    expect(status.failed).toEqual({ total: 1, unseen: 1 });
    await api("/status/seen", { method: "POST" });
    expect((await (await api("/status")).json()).failed).toEqual({ total: 1, unseen: 0 });
    expect((await (await api("/ingestion/runs")).json()).items[0]).toMatchObject({
      processed: 1,
      failed: 1,
    });
  });

  it("ingests a POP3 mailbox and forwards the originals to the backup address", async () => {
    const servers = mailServers();
    const backup = `respaldo-${popUser.user}@buzon.test`;
    await appendMessage(popUser.user, popUser.password, buildDianEmail({ number: "FEH2" }).raw);
    const form = {
      serverType: "basic",
      protocol: "pop3",
      host: servers.host,
      port: servers.pop3Port,
      security: "starttls",
      username: popUser.user,
      password: popUser.password,
      passwordConfirmation: popUser.password,
      backupEmail: backup,
      tlsCa: servers.caPem,
    };
    expect((await api("/reception-config", { method: "PUT", body: form })).status).toBeLessThan(
      300,
    );

    const run = await (await api("/ingestion/runs", { method: "POST" })).json();

    expect(run).toMatchObject({ status: "ok", fetched: 1, processed: 1, settled: 1 });
    await waitForSink(1, { to: backup });
    expect(await readFolder(popUser.user, popUser.password, "INBOX")).toHaveLength(0);
  });

  it("reports a wrong password without echoing it", async () => {
    const servers = mailServers();
    const wrong = "Clave-Equivocada-77";
    const result = await (
      await api("/reception-config/test", {
        method: "POST",
        body: {
          serverType: "basic",
          protocol: "imap",
          host: servers.host,
          port: servers.imapsPort,
          security: "ssl",
          username: user.user,
          password: wrong,
          passwordConfirmation: wrong,
          tlsCa: servers.caPem,
        },
      })
    ).json();
    expect(result).toMatchObject({ ok: false, failedStep: "auth" });
    secrets.push(wrong);
  });

  const secrets: string[] = [];
  it("never shows a password, the API token or the secret key in any log line or answer", () => {
    const everything = Buffer.concat([Buffer.from(host.output()), ...answers]).toString("latin1");
    for (const secret of [user.password, popUser.password, token, secretKey, ...secrets]) {
      expect(everything.includes(secret), `a secret leaked: ${secret.slice(0, 3)}…`).toBe(false);
    }
    expect(host.output()).toMatch(/"level":20/); // debug lines were written and scanned
  });
});
