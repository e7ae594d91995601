import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, createContext, loadConfig, readOrCreateSecretKey } from "./config.ts";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "buzon-config-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function problemOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("loadConfig accepted the environment");
}

describe("loadConfig", () => {
  it("defaults to loopback, port 8787, data/ at the repo root and a 5-minute poll", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: "127.0.0.1",
      port: 8787,
      pollMinutes: 5,
      allowPrivateHosts: false,
      logLevel: "info",
      smtp: null,
      secretKey: null,
      bootstrapToken: null,
    });
    expect(config.dataDir).toMatch(/[\\/]data$/);
    expect(config.databaseUrl).toBe(`file:${join(config.dataDir, "buzon.db")}`);
  });

  it("reads every variable it knows", () => {
    const config = loadConfig({
      BUZON_PORT: "9000",
      BUZON_DATA_DIR: "/srv/buzon",
      BUZON_DATABASE_URL: "libsql://127.0.0.1:8080",
      BUZON_DATABASE_AUTH_TOKEN: "t",
      BUZON_SMTP_URL: "smtp://127.0.0.1:2525",
      BUZON_MAIL_FROM: "buzon@empresa.co",
      BUZON_POLL_MINUTES: "0",
      BUZON_ALLOW_PRIVATE_HOSTS: "1",
      BUZON_LOG_LEVEL: "DEBUG",
    });
    expect(config).toMatchObject({
      port: 9000,
      dataDir: "/srv/buzon",
      databaseUrl: "libsql://127.0.0.1:8080",
      databaseAuthToken: "t",
      smtp: { url: "smtp://127.0.0.1:2525", from: "buzon@empresa.co", caPath: null },
      pollMinutes: 0,
      allowPrivateHosts: true,
      logLevel: "debug",
    });
  });

  it.each([
    ["BUZON_PORT", "80a"],
    ["BUZON_PORT", "70000"],
    ["BUZON_POLL_MINUTES", "-1"],
    ["BUZON_ALLOW_PRIVATE_HOSTS", "yes"],
    ["BUZON_SECRET_KEY", "short"],
    ["BUZON_DATABASE_URL", "postgres://db"],
    ["BUZON_SMTP_URL", "http://mail"],
    ["BUZON_BOOTSTRAP_TOKEN", "tooshort"],
    ["BUZON_LOG_LEVEL", "loud"],
  ])("fails fast naming %s when it is %s", (variable, value) => {
    const problem = problemOf({ [variable]: value });
    expect(problem.variable).toBe(variable);
    expect(problem.message.startsWith(`${variable}: `)).toBe(true);
  });

  it("asks for BUZON_MAIL_FROM when BUZON_SMTP_URL is set", () => {
    expect(problemOf({ BUZON_SMTP_URL: "smtp://127.0.0.1:25" }).variable).toBe("BUZON_MAIL_FROM");
  });

  it("reads a blank variable as unset", () => {
    expect(loadConfig({ BUZON_PORT: " ", BUZON_LOG_LEVEL: "" })).toMatchObject({
      port: 8787,
      logLevel: "info",
    });
  });
});

describe("secret key", () => {
  it("is created once in <dataDir>/secret.key with mode 0600, then reused", () => {
    const dir = tempDir();
    const key = readOrCreateSecretKey(dir);
    const path = join(dir, "secret.key");

    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, "utf8").trim()).toBe(key);
    expect(readOrCreateSecretKey(dir)).toBe(key);
  });

  it("refuses a key file that holds no key", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "secret.key"), "garbage");
    expect(() => readOrCreateSecretKey(dir)).toThrow(ConfigError);
  });
});

describe("createContext", () => {
  it("opens a file database and seals with the generated key", async () => {
    const dir = tempDir();
    const ctx = await createContext(loadConfig({ BUZON_DATA_DIR: dir, BUZON_LOG_LEVEL: "silent" }));
    try {
      const sealed = await ctx.secrets.seal("clave");
      expect(await ctx.secrets.open(sealed)).toBe("clave");
      expect(ctx.mailer).toBeNull();
      expect(statSync(join(dir, "buzon.db")).isFile()).toBe(true);
    } finally {
      ctx.close();
    }
  });

  it("refuses a remote database without BUZON_SECRET_KEY, and makes no local key", async () => {
    const dir = tempDir();
    const config = loadConfig({
      BUZON_DATA_DIR: dir,
      // Never contacted: the key check comes before the database is opened.
      BUZON_DATABASE_URL: "http://127.0.0.1:9/",
      BUZON_LOG_LEVEL: "silent",
    });
    const problem = await createContext(config).catch((error: unknown) => error);
    expect(problem).toBeInstanceOf(ConfigError);
    expect((problem as ConfigError).message).toMatch(/BUZON_SECRET_KEY.*base de datos remota/);
    expect(existsSync(join(dir, "secret.key"))).toBe(false);
  });
});
