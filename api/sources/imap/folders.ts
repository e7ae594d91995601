/**
 * Finds (or creates) the inbox, "Procesados" and "Fallidos" folders as the server names them.
 * Servers with a personal namespace prefix (Dovecot/Courier style "INBOX.") and another hierarchy
 * delimiter keep user folders under that prefix (RFC 2342): read NAMESPACE and LIST, don't guess.
 */
import type { ImapFlow, ListResponse } from "imapflow";
import { BuzonError } from "../../lib/errors.ts";
import { isThrottled, toMailError } from "../connection-errors.ts";

export interface ResolvedFolders {
  inbox: string;
  processed: string;
  failed: string;
  created: string[];
}

function findFolder(list: ListResponse[], wanted: string, prefix: string): string | null {
  const lower = wanted.toLowerCase();
  const candidates = [lower, (prefix + wanted).toLowerCase()];
  const hit = list.find((folder) => candidates.includes(folder.path.toLowerCase()));
  return hit ? hit.path : null;
}

async function ensureFolder(
  client: ImapFlow,
  list: ListResponse[],
  wanted: string,
  create: boolean,
  created: string[],
): Promise<string> {
  const prefix = client.namespace?.prefix ?? "";
  const found = findFolder(list, wanted, prefix);
  if (found) return found;
  const path = wanted.startsWith(prefix) ? wanted : prefix + wanted;
  if (!create) return path;
  try {
    const result = await client.mailboxCreate(path);
    created.push(result.path);
    return result.path;
  } catch (cause) {
    throw new BuzonError("FOLDER", `No fue posible crear la carpeta «${wanted}» en el buzón.`, {
      cause,
    });
  }
}

export async function resolveFolders(
  client: ImapFlow,
  wanted: { inbox: string; processed: string; failed: string },
  create: boolean,
): Promise<ResolvedFolders> {
  let list: ListResponse[];
  try {
    list = await client.list();
  } catch (cause) {
    if (isThrottled(cause)) throw toMailError(cause);
    throw new BuzonError("FOLDER", "No fue posible listar las carpetas del buzón.", { cause });
  }
  const inbox = findFolder(list, wanted.inbox, client.namespace?.prefix ?? "");
  if (!inbox) {
    throw new BuzonError("FOLDER", `La carpeta de entrada «${wanted.inbox}» no existe.`);
  }
  const created: string[] = [];
  const processed = await ensureFolder(client, list, wanted.processed, create, created);
  const failed = await ensureFolder(client, list, wanted.failed, create, created);
  return { inbox, processed, failed, created };
}
