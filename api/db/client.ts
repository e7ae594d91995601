import { createClient, type Client } from "@libsql/client";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";
import { fileURLToPath } from "node:url";
import * as schema from "./schema.ts";

export type Db = LibSQLDatabase<typeof schema>;

export interface Database {
  db: Db;
  client: Client;
  close(): void;
}

/** Found on call, not at load: a Workers bundle imports this module but has no files. */
const migrationsFolder = () => fileURLToPath(new URL("./migrations", import.meta.url));

/** SQLite waits this long for another process's write lock before giving up. */
const BUSY_TIMEOUT_MS = 10_000;

/**
 * Opens the database (a libsql file or server) and brings its schema up to date.
 * WAL lets the API read while an ingestion run writes, in this process or another.
 */
export async function openDatabase(url: string, authToken?: string): Promise<Database> {
  const client = createClient({ url, authToken, timeout: BUSY_TIMEOUT_MS });
  if (url.startsWith("file:")) {
    await client.execute("PRAGMA journal_mode = WAL");
  }
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: migrationsFolder() });
  return { db, client, close: () => client.close() };
}
