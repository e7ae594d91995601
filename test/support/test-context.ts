/** A fresh real context per test: its own temp folder, removed by `dispose`. */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mailServers } from "../harness/index.ts";
import { buildContext, type BuiltContext, type ContextSpec } from "./build-context.ts";

export interface TestContext extends BuiltContext {
  dir: string;
  spec: ContextSpec;
  dispose(): Promise<void>;
}

export async function createTestContext(options: { smtp?: boolean } = {}): Promise<TestContext> {
  const dir = mkdtempSync(join(tmpdir(), "buzon-test-"));
  const { host, smtpPort, caPem } = mailServers();
  const spec: ContextSpec = {
    dir,
    secretKey: randomBytes(32).toString("hex"),
    servers: { host, smtpPort, caPem },
    smtp: options.smtp !== false,
  };
  const ctx = await buildContext(spec);
  return Object.assign(ctx, {
    dir,
    spec,
    async dispose() {
      ctx.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}
