/**
 * A DNS-over-HTTPS server in its JSON form (`application/dns-json`) on loopback, answering from a
 * fixed table: what the Worker asks instead of the public resolver during tests.
 */
import { createServer, type Server } from "node:http";

/** RFC 1035 type codes of the records tests serve. */
const TYPES: Record<string, number> = { A: 1, AAAA: 28, MX: 15, SRV: 33 };

/** "name type" → answer data strings, e.g. `"localhost A": ["127.0.0.1"]`. */
export type DohRecords = Record<string, string[]>;

export interface DohServer {
  url: string;
  /** Every "name type" asked, in order. */
  asked: string[];
  stop(): Promise<void>;
}

export async function startDohServer(records: DohRecords): Promise<DohServer> {
  const asked: string[] = [];
  const known = new Set(Object.keys(records).map((key) => key.split(" ")[0]!.toLowerCase()));
  const server: Server = createServer((req, res) => {
    const query = new URL(req.url ?? "/", "http://127.0.0.1");
    const name = (query.searchParams.get("name") ?? "").toLowerCase().replace(/\.$/, "");
    const type = (query.searchParams.get("type") ?? "A").toUpperCase();
    asked.push(`${name} ${type}`);
    if (query.pathname !== "/dns-query" || !TYPES[type] || !name) {
      res.writeHead(400).end();
      return;
    }
    const data = records[`${name} ${type}`] ?? [];
    // NXDOMAIN (3) for names the table does not know at all; NOERROR with no answer otherwise.
    const status = known.has(name) ? 0 : 3;
    res.writeHead(200, { "content-type": "application/dns-json" });
    res.end(
      JSON.stringify({
        Status: status,
        Answer: data.map((d) => ({ name: `${name}.`, type: TYPES[type], TTL: 60, data: d })),
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/dns-query`,
    asked,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
