/**
 * A tiny authoritative DNS server on 127.0.0.1 (UDP) for discovery tests: answers MX, SRV and A
 * questions from a zone the test writes (RFC 1035 §4 wire format, RFC 2782 SRV). A name it does
 * not know is NXDOMAIN; a known name without that type answers no records. Nothing is forwarded.
 */
import { createSocket, type Socket } from "node:dgram";

export interface ZoneRecords {
  MX?: { priority: number; exchange: string }[];
  SRV?: { priority: number; weight: number; port: number; target: string }[];
  A?: string[];
}

export type Zone = Record<string, ZoneRecords>;

const TYPES = { A: 1, MX: 15, SRV: 33 } as const;

function encodeName(name: string): Buffer {
  const labels = name.replace(/\.$/, "").split(".").filter(Boolean);
  const parts = labels.map((label) =>
    Buffer.concat([Buffer.from([label.length]), Buffer.from(label)]),
  );
  return Buffer.concat([...parts, Buffer.from([0])]);
}

function readQuestion(packet: Buffer): { name: string; type: number; end: number } | null {
  const labels: string[] = [];
  let at = 12;
  while (at < packet.length && packet[at] !== 0) {
    const length = packet[at]!;
    labels.push(packet.subarray(at + 1, at + 1 + length).toString("ascii"));
    at += length + 1;
  }
  if (at + 5 > packet.length) return null;
  return { name: labels.join(".").toLowerCase(), type: packet.readUInt16BE(at + 1), end: at + 5 };
}

function rdataOf(type: number, records: ZoneRecords): Buffer[] {
  if (type === TYPES.MX) {
    return (records.MX ?? []).map((mx) => {
      const head = Buffer.alloc(2);
      head.writeUInt16BE(mx.priority);
      return Buffer.concat([head, encodeName(mx.exchange)]);
    });
  }
  if (type === TYPES.SRV) {
    return (records.SRV ?? []).map((srv) => {
      const head = Buffer.alloc(6);
      head.writeUInt16BE(srv.priority, 0);
      head.writeUInt16BE(srv.weight, 2);
      head.writeUInt16BE(srv.port, 4);
      return Buffer.concat([head, encodeName(srv.target)]);
    });
  }
  if (type === TYPES.A) {
    return (records.A ?? []).map((ip) => Buffer.from(ip.split(".").map(Number)));
  }
  return [];
}

function answer(packet: Buffer, zone: Zone): Buffer | null {
  const question = readQuestion(packet);
  if (!question) return null;
  const records = zone[question.name];
  const rdatas = records ? rdataOf(question.type, records) : [];
  const header = Buffer.alloc(12);
  packet.copy(header, 0, 0, 2); // the query's ID
  // QR, AA, RD copied, RA; RCODE 3 (NXDOMAIN) for unknown names.
  header.writeUInt16BE(0x8580 | (records ? 0 : 3), 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(rdatas.length, 6);
  const answers = rdatas.map((rdata) => {
    const fixed = Buffer.alloc(12);
    fixed.writeUInt16BE(0xc00c, 0); // pointer to the question's name
    fixed.writeUInt16BE(question.type, 2);
    fixed.writeUInt16BE(1, 4); // IN
    fixed.writeUInt32BE(60, 6);
    fixed.writeUInt16BE(rdata.length, 10);
    return Buffer.concat([fixed, rdata]);
  });
  return Buffer.concat([header, packet.subarray(12, question.end), ...answers]);
}

export interface DnsServer {
  /** "127.0.0.1:<port>", as BUZON_DNS_SERVERS takes it. */
  address: string;
  /** Questions asked, as "<name> <type>". */
  asked: string[];
  close(): Promise<void>;
}

export async function startDnsServer(zone: Zone): Promise<DnsServer> {
  const socket: Socket = createSocket("udp4");
  const asked: string[] = [];
  socket.on("message", (packet, peer) => {
    const question = readQuestion(packet);
    if (question) asked.push(`${question.name} ${question.type}`);
    const reply = answer(packet, zone);
    if (reply) socket.send(reply, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const { port } = socket.address();
  return {
    address: `127.0.0.1:${port}`,
    asked,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
