/**
 * A TCP proxy on loopback between Buzón and the test Dovecot that breaks the connection on cue:
 * when the client sends a line matching `trigger`, it forwards that line and then cuts both sides
 * either at once ("before-reply": the server acts, the client never hears) or after `afterBytes`
 * of the server's answer ("mid-reply"). Only the first `times` matches cut.
 */
import { createServer, connect, type Server, type Socket } from "node:net";

export interface FaultPlan {
  trigger: RegExp;
  /**
   * before-reply: forward, then cut; mid-reply: cut after `afterBytes` of the answer;
   * swallow-reply: forward, answer nothing; answer: do not forward, reply `answer(tag)` instead
   * (a tagged NO or BAD, a throttling reply, a BYE).
   */
  mode: "before-reply" | "mid-reply" | "swallow-reply" | "answer";
  afterBytes?: number;
  answer?: (tag: string) => string;
  times?: number;
}

export interface FaultProxy {
  port: number;
  cuts: () => number;
  close(): Promise<void>;
}

export async function startFaultProxy(targetPort: number, plan: FaultPlan): Promise<FaultProxy> {
  let cuts = 0;
  const sockets = new Set<Socket>();
  const armed = () => cuts < (plan.times ?? 1);

  const server: Server = createServer((client) => {
    const upstream = connect({ host: "127.0.0.1", port: targetPort });
    sockets.add(client).add(upstream);
    let tripped = false;
    let seen = 0;
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };

    client.on("data", (chunk: Buffer) => {
      const text = chunk.toString("latin1");
      if (plan.mode === "answer" && armed() && plan.trigger.test(text)) {
        cuts += 1;
        const tag = text.split(" ")[0] ?? "*";
        client.write(plan.answer!(tag));
        return;
      }
      upstream.write(chunk);
      if (!tripped && armed() && plan.trigger.test(text)) {
        tripped = true;
        cuts += 1;
        if (plan.mode === "before-reply") setTimeout(cut, 50);
      }
    });
    upstream.on("data", (chunk: Buffer) => {
      if (tripped && plan.mode === "swallow-reply") return;
      if (tripped && plan.mode === "before-reply") return;
      if (tripped && plan.mode === "mid-reply") {
        const room = (plan.afterBytes ?? 0) - seen;
        if (room > 0) client.write(chunk.subarray(0, room));
        seen += Math.min(chunk.length, Math.max(room, 0));
        if (seen >= (plan.afterBytes ?? 0)) cut();
        return;
      }
      client.write(chunk);
    });
    for (const socket of [client, upstream]) {
      socket.on("error", cut);
      socket.on("close", () => {
        sockets.delete(socket);
        if (plan.mode !== "swallow-reply" || !tripped) cut();
      });
    }
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    cuts: () => cuts,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
