-- The consent log (cookie_registry::consent_log): one row per choice, never updated.
-- A stable interface: auditors query it. given_at is RFC 3339 text in UTC.
CREATE TABLE IF NOT EXISTS consent_log (
    id               TEXT PRIMARY KEY NOT NULL,
    given_at         TEXT NOT NULL,
    registry_version TEXT NOT NULL,
    granted          TEXT NOT NULL,
    refused          TEXT NOT NULL,
    method           TEXT NOT NULL CHECK (method IN ('accept-all', 'refuse-all', 'custom', 'withdraw')),
    language         TEXT NOT NULL,
    policy_url       TEXT
);
CREATE INDEX IF NOT EXISTS consent_log_given_at ON consent_log (given_at);
