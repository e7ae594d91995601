/**
 * The Workers path end to end, locally: `wrangler dev --local` runs api/worker.ts in workerd with
 * its data in libsql-server over HTTP and its blobs in (local) R2; the Cron Trigger queues the
 * mailbox and the queue consumer ingests it from the test Dovecot over Workers' TCP sockets.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDianEmail, emailWithoutAttachment } from "../fixtures/index.ts";
import {
  appendMany,
  appendMessage,
  createMailUser,
  mailServers,
  readFolder,
  waitForSink,
  type MailUser,
} from "../harness/index.ts";
import { startDohServer, type DohServer } from "../support/doh-server.ts";
import {
  hasSqld,
  startSqld,
  startWorkerHost,
  type SqldServer,
  type WorkerHost,
} from "../support/worker-host.ts";
import { NODE_HOST_FLAGS } from "../../api/node-flags.ts";

const CLI = fileURLToPath(new URL("../../api/cli.ts", import.meta.url));
const ARTIFACTS = fileURLToPath(new URL("../../test-artifacts/workers", import.meta.url));

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000) {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`still waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe.skipIf(!hasSqld())("Buzón on Workers (wrangler dev --local)", () => {
  let sqld: SqldServer;
  let worker: WorkerHost;
  let doh: DohServer;
  const user = createMailUser("worker-imap");
  const token = `bz_${randomBytes(24).toString("base64url")}`;
  const secretKey = randomBytes(32).toString("hex");
  const invoice = buildDianEmail({
    number: "FEW1",
    customer: { nit: "830034343", name: "COMPRADOR" },
  });

  const api = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const res = await fetch(`${worker.url}/api/v1${path}`, {
      method: init.method ?? "GET",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return res;
  };

  beforeAll(async () => {
    sqld = await startSqld();
    doh = await startDohServer({
      "localhost A": ["127.0.0.1"],
      "_imaps._tcp.empresa.test SRV": ["0 1 993 imap.empresa.test."],
      "empresa.test MX": ["10 empresa-test.mail.protection.outlook.com."],
    });
    // The Worker has no migrations folder: the operator runs `npm run buzon -- migrate` against
    // the same database first, as here.
    const migrated = spawnSync(process.execPath, [...NODE_HOST_FLAGS, CLI, "migrate"], {
      env: { PATH: process.env.PATH, BUZON_DATABASE_URL: sqld.url },
      encoding: "utf8",
    });
    expect(migrated.status, migrated.stderr).toBe(0);
    expect(migrated.stdout).toContain("esquema al día");
    worker = await startWorkerHost(
      {
        BUZON_DATABASE_URL: sqld.url,
        BUZON_SECRET_KEY: secretKey,
        BUZON_BOOTSTRAP_TOKEN: token,
        BUZON_ALLOW_PRIVATE_HOSTS: "true",
        BUZON_LOG_LEVEL: "debug",
        BUZON_DOH_URL: doh.url,
        BUZON_SMTP_URL: `smtp://127.0.0.1:${mailServers().smtpPort}`,
        BUZON_MAIL_FROM: "buzon@buzon.test",
      },
      mailServers().caFile,
    );
    await appendMessage(user.user, user.password, invoice.raw);
    await appendMessage(user.user, user.password, emailWithoutAttachment().raw);
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    // The Worker's whole log (read after it exited), for after a failure; gitignored.
    if (worker) {
      mkdirSync(ARTIFACTS, { recursive: true });
      writeFileSync(join(ARTIFACTS, "wrangler.log"), worker.output());
    }
    await sqld?.stop();
    await doh?.stop();
  });

  it("serves the API, and the cron's queued run moves the e-mails and stores the documents", async () => {
    expect((await fetch(`${worker.url}/api/v1/status`)).status).toBe(401);
    const company = await api("/company", {
      method: "PUT",
      body: { name: "Comprador", nit: "830034343" },
    });
    expect(company.status, await company.clone().text()).toBe(200);
    const servers = mailServers();
    const saved = await api("/reception-config", {
      method: "PUT",
      body: {
        serverType: "basic",
        protocol: "imap",
        // Asked over DoH (the loopback server above), connected by address, TLS checked by name.
        host: "localhost",
        port: servers.imapsPort,
        security: "ssl",
        username: user.user,
        password: user.password,
        passwordConfirmation: user.password,
      },
    });
    expect(saved.status, await saved.clone().text()).toBeLessThan(300);

    await worker.triggerCron();

    const run = await eventually("the queued run", async () => {
      const runs = await (await api("/ingestion/runs")).json();
      const last = runs.items?.[0];
      return last && last.status !== "running" ? last : undefined;
    });
    expect(run, worker.output()).toMatchObject({ status: "ok", processed: 1, failed: 1 });
    expect(doh.asked).toContain("localhost A");
    expect(await readFolder(user.user, user.password, "Procesados")).toHaveLength(1);
    expect(await readFolder(user.user, user.password, "Fallidos")).toHaveLength(1);
    expect(await readFolder(user.user, user.password, "INBOX")).toHaveLength(0);

    const list = await (await api("/documents")).json();
    expect(list.total).toBe(1);
    const [doc] = list.items;
    expect(doc).toMatchObject({ number: "FEW1", cufe: invoice.document.cufe });
    // The originals come back from R2 byte for byte.
    const pdf = new Uint8Array(await (await api(`/documents/${doc.id}/pdf`)).arrayBuffer());
    expect(Buffer.from(pdf).equals(Buffer.from(invoice.pdf))).toBe(true);
    const xml = await (await api(`/documents/${doc.id}/xml`)).text();
    expect(xml).toContain(invoice.document.cufe);
  }, 180_000);

  it("lets one of two simultaneous runs read the mailbox: the lease holds over libsql HTTP", async () => {
    const batch = Array.from({ length: 12 }, (_, i) =>
      buildDianEmail({ number: `FEWL${i}`, customer: { nit: "830034343", name: "COMPRADOR" } }),
    );
    await appendMany(
      user.user,
      user.password,
      batch.map((email) => email.raw),
    );

    const answers = await Promise.all(
      [1, 2].map(async () => {
        const res = await api("/ingestion/runs", { method: "POST" });
        return { http: res.status, body: await res.json() };
      }),
    );

    const shown = JSON.stringify(answers);
    const ran = answers.filter((a) => a.http === 200);
    const refused = answers.filter((a) => a.http === 409);
    expect(ran, shown).toHaveLength(1);
    expect(refused, shown).toHaveLength(1);
    expect(ran[0]!.body).toMatchObject({ status: "ok", processed: 12 });
    expect(refused[0]!.body.error.code).toBe("CONFLICT");
    expect(await readFolder(user.user, user.password, "Procesados")).toHaveLength(13);
    expect((await (await api("/documents")).json()).total).toBe(13);
  }, 120_000);

  const secrets: string[] = [];
  const popForm = (popUser: MailUser, security: "ssl" | "starttls", port: number) => ({
    serverType: "basic",
    protocol: "pop3",
    host: "127.0.0.1",
    port,
    security,
    username: popUser.user,
    password: popUser.password,
    passwordConfirmation: popUser.password,
    backupEmail: `respaldo-${popUser.user}@buzon.test`,
  });

  it("ingests a POP3S mailbox, forwarding each original through SMTP before deleting it", async () => {
    const popUser = createMailUser("worker-pop3s");
    secrets.push(popUser.password);
    await appendMessage(popUser.user, popUser.password, buildDianEmail({ number: "FEWP1" }).raw);
    const form = popForm(popUser, "ssl", mailServers().pop3sPort);
    const saved = await api("/reception-config", { method: "PUT", body: form });
    expect(saved.status, await saved.clone().text()).toBeLessThan(300);

    const run = await (await api("/ingestion/runs", { method: "POST" })).json();

    expect(run, JSON.stringify(run)).toMatchObject({ status: "ok", processed: 1, settled: 1 });
    const [forward] = await waitForSink(1, { to: form.backupEmail });
    expect(Buffer.from(forward!.raw).toString("latin1")).toContain("FEWP1");
    expect(await readFolder(popUser.user, popUser.password, "INBOX")).toHaveLength(0);
  }, 120_000);

  it("says in Spanish that STARTTLS cannot work on Workers, refuses to save it, and leaves the mail where it is", async () => {
    const popUser = createMailUser("worker-stls");
    secrets.push(popUser.password);
    await appendMessage(popUser.user, popUser.password, buildDianEmail({ number: "FEWP2" }).raw);
    const form = popForm(popUser, "starttls", mailServers().pop3Port);

    const test = await (await api("/reception-config/test", { method: "POST", body: form })).json();
    expect(test).toMatchObject({
      ok: false,
      failedStep: "tls",
      code: "TLS",
      reason: "IMPLICIT_TLS_REQUIRED",
    });
    expect(test.message).toMatch(/SSL\/TLS directo/);

    // Saving it is refused too, on the field to change, so no run ever tries it.
    const saved = await api("/reception-config", { method: "PUT", body: form });
    expect(saved.status).toBe(400);
    expect((await saved.json()).error.issues).toEqual([
      expect.objectContaining({ path: "security", code: "IMPLICIT_TLS_REQUIRED" }),
    ]);
    expect(await readFolder(popUser.user, popUser.password, "INBOX")).toHaveLength(1);
  }, 120_000);

  it("suggests server settings from DoH answers (SRV and MX)", async () => {
    const res = await api("/providers/suggest?email=recepcion@empresa.test&protocol=imap");
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(200);
    // The MX names Microsoft 365, which outranks the SRV answer: passwords will not work there.
    expect(body).toMatchObject({ provider: "microsoft365", serverType: "oauth-microsoft" });
    expect(body.steps).toEqual(
      expect.arrayContaining([
        { step: "srv", result: "found" },
        { step: "mx", result: "found" },
      ]),
    );
    expect(doh.asked).toContain("_imaps._tcp.empresa.test SRV");
    expect(doh.asked).toContain("empresa.test MX");
  });

  it("keeps secrets out of the Worker's log", () => {
    const log = worker.output();
    for (const secret of [user.password, token, secretKey, ...secrets]) {
      expect(log.includes(secret), `a secret leaked: ${secret.slice(0, 3)}…`).toBe(false);
    }
  });
});
