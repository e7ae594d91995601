import { createServer, type Server } from "node:net";

/** Binds port 0 on loopback and reports the port the kernel chose. */
function listenOnAnyPort(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : 0);
    });
  });
}

/**
 * Distinct free ports on 127.0.0.1. All are held open together so none is handed out twice, then
 * released for the real servers. Another process could grab one in between; that race is rare,
 * and fixed ports would collide between teammates running suites side by side.
 */
export async function findFreePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  const ports = await Promise.all(servers.map(listenOnAnyPort));

  await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
  return ports;
}
