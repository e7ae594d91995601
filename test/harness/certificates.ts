import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface TestCertificates {
  caFile: string;
  caPem: string;
  certFile: string;
  keyFile: string;
}

// A leaf signed by a separate CA: workerd refuses a self-signed certificate that is its own CA,
// and clients should exercise the same chain check they do against real providers.
const SERVER_EXTENSIONS = [
  "basicConstraints = critical, CA:FALSE",
  "keyUsage = critical, digitalSignature, keyEncipherment",
  "extendedKeyUsage = serverAuth",
  "subjectAltName = DNS:localhost, IP:127.0.0.1",
].join("\n");

function openssl(args: string[], cwd: string): void {
  execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
}

/** Makes a test CA and a localhost server certificate under `dir` with the openssl CLI. */
export function generateCertificates(dir: string): TestCertificates {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  // P-256 keys: generated in milliseconds, unlike RSA, and every client here accepts them.
  const newKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

  openssl(
    ["req", "-x509", ...newKey, "-keyout", "ca.key", "-out", "ca.crt", "-days", "2"]
      .concat(["-subj", "/CN=Buzon Test CA"])
      .concat(["-addext", "basicConstraints=critical,CA:TRUE"])
      .concat(["-addext", "keyUsage=critical,keyCertSign,cRLSign"]),
    dir,
  );
  openssl(
    ["req", "-new", ...newKey, "-keyout", "server.key", "-out", "server.csr"].concat([
      "-subj",
      "/CN=localhost",
    ]),
    dir,
  );
  writeFileSync(join(dir, "server.ext"), SERVER_EXTENSIONS);
  openssl(
    ["x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key"].concat([
      "-CAcreateserial",
      "-days",
      "2",
      "-extfile",
      "server.ext",
      "-out",
      "server.crt",
    ]),
    dir,
  );

  const caFile = join(dir, "ca.crt");
  return {
    caFile,
    caPem: readFileSync(caFile, "utf8"),
    certFile: join(dir, "server.crt"),
    keyFile: join(dir, "server.key"),
  };
}
