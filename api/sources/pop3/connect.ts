import net, { type Socket } from "node:net";
import tls, { type ConnectionOptions } from "node:tls";
import { BuzonError } from "../../lib/errors.ts";
import { mapSocketError } from "./socket-errors.ts";

/** How to reach a POP3 server. Only net.connect / tls.connect are used, as workerd provides. */
export interface Pop3Options {
  host: string;
  port: number;
  /** "ssl": POP3S (RFC 8314 implicit TLS); "starttls": STLS (RFC 2595); "none": plaintext. */
  security: "ssl" | "starttls" | "none";
  /** PEM of the CA to trust instead of the system store. */
  ca?: string;
  /** Name the certificate must carry, when it differs from `host`. */
  servername?: string;
  localAddress?: string;
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
}

/** Opens TCP, or TLS for "ssl", and resolves once the handshake is done. */
export function openSocket(opts: Pop3Options, timeoutMs: number): Promise<Socket> {
  const base = { host: opts.host, port: opts.port, localAddress: opts.localAddress };
  if (opts.security === "ssl") {
    return settle(tls.connect({ ...tlsOptions(opts), ...base }), "secureConnect", timeoutMs);
  }
  if (opts.security === "starttls" || opts.security === "none") {
    return settle(net.connect(base), "connect", timeoutMs);
  }
  // Never plaintext by default: an unknown mode is a bug upstream, refused before connecting.
  return Promise.reject(new BuzonError("INVALID_INPUT", "Modo de seguridad desconocido."));
}

/** Upgrades a plaintext socket after STLS (RFC 2595 §4), verifying the certificate. */
export function upgradeSocket(socket: Socket, opts: Pop3Options, timeoutMs: number) {
  const secure = tls.connect({ ...tlsOptions(opts), socket, host: opts.host });
  return settle(secure, "secureConnect", timeoutMs).catch((error: unknown) => {
    socket.destroy();
    throw error;
  });
}

/**
 * The certificate is always verified (rejectUnauthorized stays at its default, true). Node checks
 * it against `servername`, else `host`. SNI carries names only, never IP addresses (RFC 6066 §3).
 */
function tlsOptions(opts: Pop3Options): ConnectionOptions {
  const name = opts.servername ?? opts.host;
  return {
    servername: net.isIP(name) ? undefined : name,
    ca: opts.ca,
    minVersion: "TLSv1.2",
  };
}

/** Resolves on `readyEvent`; rejects mapped errors or TIMEOUT, destroying the socket. */
function settle(socket: Socket, readyEvent: string, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new BuzonError("TIMEOUT")), timeoutMs);
    const fail = (error: unknown) => {
      cleanup();
      socket.on("error", () => undefined); // a late error after destroy must not crash the process
      socket.destroy();
      reject(mapSocketError(error));
    };
    const onClose = () => fail(new BuzonError("CONNECTION"));
    const ready = () => {
      cleanup();
      resolve(socket);
    };
    const cleanup = () => {
      clearTimeout(timer);
      socket.off("error", fail);
      socket.off("close", onClose);
      socket.off(readyEvent, ready);
    };

    socket.once(readyEvent, ready);
    socket.once("error", fail);
    socket.once("close", onClose);
  });
}
