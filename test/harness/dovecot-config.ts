import { readFileSync } from "node:fs";

export interface DovecotOptions {
  root: string;
  imapPort: number;
  imapsPort: number;
  pop3Port: number;
  pop3sPort: number;
  certFile: string;
  keyFile: string;
  passwdFile: string;
  passwdDir: string;
  mailDir: string;
  uid: number;
  gid: number;
  /** The test OAuth provider's RFC 7662 endpoint: XOAUTH2 and OAUTHBEARER tokens are asked there. */
  introspectionUrl: string;
  /**
   * Exchange's mailbox permissions at the test provider. When set, a Lua passdb also lets a
   * delegate's token open a shared mailbox (shared-mailbox-passdb.lua); Debian's
   * dovecot-auth-lua must be installed.
   */
  mailboxPermissionUrl?: string;
}

export const OAUTH2_EXT_FILE = "dovecot-oauth2.conf.ext";
export const SHARED_MAILBOX_PASSDB_FILE = "shared-mailbox-passdb.lua";

/**
 * Dovecot's oauth2 passdb settings: each XOAUTH2/OAUTHBEARER token is POSTed to the provider
 * (introspection_mode = post), which answers { active, username } for live tokens.
 */
export function renderOAuth2Ext(introspectionUrl: string): string {
  return `
introspection_mode = post
introspection_url = ${introspectionUrl}
username_attribute = username
active_attribute = active
active_value = true
`;
}

/**
 * The Lua passdb for shared mailboxes with its two loopback URLs in front: Dovecot 2.3's Lua
 * passdb refuses any argument besides file, blocking, cache_key and scheme.
 */
export function renderSharedMailboxPassdb(introspectionUrl: string, permissionUrl: string) {
  const script = readFileSync(new URL(`./${SHARED_MAILBOX_PASSDB_FILE}`, import.meta.url), "utf8");
  const settings =
    `local INTROSPECTION_URL = ${JSON.stringify(introspectionUrl)}\n` +
    `local PERMISSION_URL = ${JSON.stringify(permissionUrl)}\n`;
  return settings + script;
}

/**
 * After the oauth2 passdb, which refuses a token whose owner is not the login user: Exchange
 * takes it when the owner has Full Access to the mailbox. blocking = yes runs it in an auth
 * worker, so its HTTP requests never hold up the main auth process.
 */
function sharedMailboxPassdb(o: DovecotOptions): string {
  if (!o.mailboxPermissionUrl) return "";
  return `
passdb {
  driver = lua
  mechanisms = xoauth2 oauthbearer
  args = file=${o.root}/${SHARED_MAILBOX_PASSDB_FILE} blocking=yes
}`;
}

/** A whole Dovecot 2.3 config: nothing from /etc/dovecot, only loopback, state in the root. */
export function renderDovecotConfig(o: DovecotOptions): string {
  return `
instance_name = buzon-test-${o.imapPort}
base_dir = ${o.root}/run
state_dir = ${o.root}/state
log_path = ${o.root}/log/dovecot.log
listen = 127.0.0.1
protocols = imap pop3
ssl = yes
ssl_cert = <${o.certFile}
ssl_key = <${o.keyFile}
auth_mechanisms = plain login xoauth2 oauthbearer
# Wrong-password tests must not wait out the 2 s default.
auth_failure_delay = 0
# One file per user, named after the user: Dovecot stats a passwd-file at most once per second
# (passwd_file_sync), so a user appended to a shared file just after a lookup stays unknown
# for up to a second. A new per-user file is read on its first lookup.
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${o.passwdDir}/%u
  mechanisms = plain login
}
# The shared file, for tests that append by hand; subject to the once-per-second check above.
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${o.passwdFile}
  mechanisms = plain login
}
# OAuth 2.0 bearer tokens (as Microsoft and Google take them), checked by the test provider.
passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = ${o.root}/${OAUTH2_EXT_FILE}
}${sharedMailboxPassdb(o)}
userdb {
  driver = static
  args = uid=${o.uid} gid=${o.gid} home=${o.mailDir}/%u
}
mail_location = maildir:~/Maildir
# Named so that a user's passdb extra fields can change it (userdb_namespace/inbox/prefix=INBOX.),
# to test servers that keep folders under a personal namespace prefix (RFC 2342).
namespace inbox {
  inbox = yes
  separator = .
  prefix =
}
first_valid_uid = ${o.uid}
first_valid_gid = ${o.gid}
# Tests open several connections per user at once (IDLE + commands, parallel files).
mail_max_userip_connections = 100
pop3_uidl_format = %08Xu%08Xv
service imap-login {
  inet_listener imap {
    port = ${o.imapPort}
  }
  inet_listener imaps {
    port = ${o.imapsPort}
    ssl = yes
  }
}
service pop3-login {
  inet_listener pop3 {
    port = ${o.pop3Port}
  }
  inet_listener pop3s {
    port = ${o.pop3sPort}
    ssl = yes
  }
}
# Without this socket the auth process cannot reach anvil's penalty table, so failed logins do
# not slow down later ones from the same IP (2, 4, 8, 15 s measured): suites share 127.0.0.1.
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
`;
}
