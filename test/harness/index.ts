/**
 * The mail test harness: real Dovecot and an SMTP sink on loopback, started once per run by
 * global-setup.ts. Integration tests import from here and nowhere else in this folder.
 */
import { inject } from "vitest";
import type { MailServers } from "./mail-servers.ts";

export type { MailServers } from "./mail-servers.ts";
export type { SinkEnvelope } from "./smtp-sink.ts";
export { createMailUser, type MailUser, type MailUserOptions } from "./mail-users.ts";
export {
  approveDeviceCode,
  expireAccessTokens,
  grantFullAccess,
  issueTokens,
  oauthServer,
  providerCounters,
  registerClient,
  removeFullAccess,
  revokeGrants,
  setProviderFault,
  type OAuthServer,
} from "./oauth-server.ts";
export {
  appendMany,
  appendMessage,
  listFolders,
  readFolder,
  type StoredMessage,
} from "./mailbox.ts";
export {
  clearRefusals,
  readSink,
  refuseRecipient,
  waitForSink,
  type SinkFilter,
  type SinkMessage,
} from "./sink-reader.ts";

/** Hosts, ports, CA and paths of the servers this run started. */
export function mailServers(): MailServers {
  return inject("mailServers");
}
