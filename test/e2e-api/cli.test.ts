/**
 * `npm run buzon -- …` as an operator runs it: the CLI in its own Node process, with the host's
 * flags, on a data folder of the test's own.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { createContext, loadConfig } from "../../api/config.ts";
import { companies, mailboxes } from "../../api/db/schema.ts";
import { NODE_HOST_FLAGS } from "../../api/node-flags.ts";

const CLI = fileURLToPath(new URL("../../api/cli.ts", import.meta.url));
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "buzon-cli-"));
  dirs.push(dir);
  return dir;
}

function cli(args: string[], env: Record<string, string>) {
  const out = spawnSync(process.execPath, [...NODE_HOST_FLAGS, CLI, ...args], {
    env: { PATH: process.env.PATH, BUZON_LOG_LEVEL: "info", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: out.status, stdout: out.stdout, stderr: out.stderr };
}

describe("the operator CLI", () => {
  it("creates the first token on an empty database without a second, hidden one", () => {
    const env = { BUZON_DATA_DIR: dataDir() };
    const created = cli(["token", "create", "contabilidad"], env);
    expect(created.code).toBe(0);
    expect(created.stdout.trim()).toMatch(/^bz_[\w-]+$/);
    expect(created.stderr).toContain("guárdalo");
    expect(created.stderr).toContain("Base de datos nueva");

    const listed = cli(["token", "list"], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout.trim().split("\n")).toHaveLength(1);
    expect(listed.stdout).toContain("activo");
    // The database exists now: no warning about a new one.
    expect(listed.stderr).not.toContain("Base de datos nueva");
    expect(listed.stdout + listed.stderr).not.toContain(created.stdout.trim());
  }, 120_000);

  it("keeps the label of the first token, and says why a command failed in Spanish", () => {
    const env = { BUZON_DATA_DIR: dataDir() };
    expect(cli(["token", "create", "contabilidad"], env).code).toBe(0);
    expect(cli(["token", "list"], env).stdout).toContain("contabilidad");

    // A database server nobody listens on (port 9, discard, on loopback).
    const migrate = cli(["migrate"], { BUZON_DATABASE_URL: "http://127.0.0.1:9/" });
    expect(migrate.code).toBe(1);
    expect(migrate.stderr).toContain("No fue posible completar el comando");
    expect(migrate.stderr).not.toContain("CREATE TABLE");
  }, 120_000);

  it("answers usage mistakes with exit 2 and a wrong id with exit 1", () => {
    const env = { BUZON_DATA_DIR: dataDir() };
    for (const args of [["nonsense"], ["token"], ["token", "revoke", "abc"]]) {
      const result = cli(args, env);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("uso / usage");
    }
    const missing = cli(["token", "revoke", "999"], env);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain("no existe");
  }, 120_000);

  it("exits 1 when an ingestion run fails, with its JSON on stdout and the log on stderr", async () => {
    const dir = dataDir();
    const secretKey = randomBytes(32).toString("hex");
    const env = {
      BUZON_DATA_DIR: dir,
      BUZON_SECRET_KEY: secretKey,
      BUZON_ALLOW_PRIVATE_HOSTS: "true",
      BUZON_ALLOWED_PORTS: "9",
    };
    const ctx = await createContext(loadConfig({ ...env, BUZON_LOG_LEVEL: "silent" }));
    try {
      const [company] = await ctx.db
        .insert(companies)
        .values({ name: "Comprador", nit: "900123456" })
        .returning({ id: companies.id });
      // Port 9 (discard) on loopback: nothing listens there, the connection is refused.
      await ctx.db.insert(mailboxes).values({
        companyId: company!.id,
        serverType: "basic",
        protocol: "imap",
        host: "127.0.0.1",
        port: 9,
        security: "ssl",
        username: "facturas@empresa.co",
        passwordEnc: await ctx.secrets.seal("clave-de-prueba"),
      });
    } finally {
      ctx.close();
    }

    const result = cli(["ingest"], env);
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ status: "failed", errorCode: "CONNECTION" });
    expect(result.stdout + result.stderr).not.toContain("clave-de-prueba");
  }, 120_000);

  it("refuses a remote database without BUZON_SECRET_KEY and writes no local key", () => {
    const dir = dataDir();
    const result = cli(["token", "list"], {
      BUZON_DATA_DIR: dir,
      BUZON_DATABASE_URL: "http://127.0.0.1:9/",
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("BUZON_SECRET_KEY");
    expect(existsSync(join(dir, "secret.key"))).toBe(false);
  }, 120_000);
});
