-- Dovecot passdb for shared mailboxes, as Exchange Online treats them: a SASL XOAUTH2 or
-- OAUTHBEARER login whose user is a mailbox S and whose bearer token belongs to another user A
-- succeeds when the token is live and A holds Full Access to S. Dovecot 2.3's oauth2 passdb
-- refuses such a login (the token's username must equal the login user), so this passdb comes
-- after it in the config, for those two mechanisms only (dovecot-config.ts).
--
-- Both questions go to the test provider on loopback over Dovecot's own HTTP client
-- (dovecot.http, in Debian's libdovecot-lua since 2.3.19): who owns the token (RFC 7662
-- introspection, the same endpoint the oauth2 passdb asks) and what rights that owner has on
-- the mailbox (Exchange's mailbox permissions). The harness puts the two URLs above this text
-- as INTROSPECTION_URL and PERMISSION_URL. Nothing here logs the token.

local client

function script_init()
  -- One attempt, bounded: a login waits on these requests.
  client = dovecot.http.client({
    request_timeout_msecs = 5000,
    max_attempts = 1,
    user_agent = "buzon-test-dovecot",
  })
  return 0
end

-- application/x-www-form-urlencoded value (RFC 3986 unreserved characters kept).
local function form_value(text)
  return (text:gsub("[^%w%-%._~]", function(c)
    return string.format("%%%02X", c:byte())
  end))
end

-- The JSON body of a 200 answer, or nil.
local function post(url, fields)
  local parts = {}
  for name, value in pairs(fields) do
    parts[#parts + 1] = name .. "=" .. form_value(value)
  end
  local request = client:request({ url = url, method = "POST" })
  request:add_header("content-type", "application/x-www-form-urlencoded")
  request:set_payload(table.concat(parts, "&"))
  local response = request:submit()
  if response:status() ~= 200 then
    return nil
  end
  return response:payload()
end

-- The provider answers flat JSON whose strings carry no escapes, so Lua patterns read it; a
-- string with an escape in it reads as missing, which refuses the login.
local function json_string(body, name)
  return body:match('"' .. name .. '"%s*:%s*"([^"\\]*)"')
end

local function json_true(body, name)
  return body:match('"' .. name .. '"%s*:%s*true') ~= nil
end

function auth_password_verify(req, token)
  local introspection = post(INTROSPECTION_URL, { token = token })
  if introspection == nil then
    return dovecot.auth.PASSDB_RESULT_INTERNAL_FAILURE, "token introspection failed"
  end
  local owner = json_string(introspection, "username")
  if owner == nil or not json_true(introspection, "active") then
    return dovecot.auth.PASSDB_RESULT_PASSWORD_MISMATCH, "token not active"
  end
  -- A login to the token owner's own mailbox is the oauth2 passdb's to decide, and it did.
  if owner:lower() == req.user:lower() then
    return dovecot.auth.PASSDB_RESULT_PASSWORD_MISMATCH, "not a delegated login"
  end

  local permission = post(PERMISSION_URL, { mailbox = req.user, user = owner })
  local rights = permission and permission:match('"accessRights"%s*:%s*%[([^%]]*)%]')
  if rights == nil then
    return dovecot.auth.PASSDB_RESULT_INTERNAL_FAILURE, "mailbox permission lookup failed"
  end
  if rights:find('"FullAccess"', 1, true) then
    return dovecot.auth.PASSDB_RESULT_OK, {}
  end
  return dovecot.auth.PASSDB_RESULT_PASSWORD_MISMATCH, "no Full Access to the mailbox"
end
