/**
 * The API (createApp) over an existing data folder, in a process of its own so the load
 * generator does not share its event loop. Prints `{ url, token }` once it listens.
 */
import { serve } from "@hono/node-server";
import { createApp } from "../api/app.ts";
import { createContext, loadConfig } from "../api/config.ts";
import { createToken } from "../api/security/tokens.ts";

const [dataDir, secretKey] = process.argv.slice(2) as [string, string];
const config = loadConfig({
  BUZON_DATA_DIR: dataDir,
  BUZON_SECRET_KEY: secretKey,
  BUZON_HOST: "127.0.0.1",
  BUZON_POLL_MINUTES: "0",
  BUZON_LOG_LEVEL: "silent",
});
const ctx = await createContext(config);
const { token } = await createToken(ctx, 1, "bench");
const app = createApp(ctx);
const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${info.port}`, token })}\n`);
});
process.on("SIGTERM", () => {
  server.close();
  ctx.close();
  process.exit(0);
});
