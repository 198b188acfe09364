-- People who logged in, their roles, their sessions and the logins in progress.
-- A person is a fiscal code within an Ente; the provider's `sub` is pairwise and not kept.

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    tenant_id     TEXT NOT NULL REFERENCES tenants (id),
    fiscal_code   TEXT NOT NULL,
    given_name    TEXT NOT NULL,
    family_name   TEXT NOT NULL,
    email         TEXT,
    created_at    TEXT NOT NULL,
    last_login_at TEXT NOT NULL,
    UNIQUE (tenant_id, fiscal_code),
    UNIQUE (tenant_id, id)
);

-- Staff roles (operator, admin), granted by fiscal code, also before the first login.
-- Family and delegate are not granted here: they follow from the registry.
CREATE TABLE role_grants (
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    fiscal_code TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('operator', 'admin')),
    granted_at  TEXT NOT NULL,
    granted_by  TEXT NOT NULL,
    PRIMARY KEY (tenant_id, fiscal_code, role)
);

-- A tutore authorises another adult to book meals for one of their pupils.
CREATE TABLE delegations (
    id                   TEXT PRIMARY KEY,
    tenant_id            TEXT NOT NULL REFERENCES tenants (id),
    pupil_id             TEXT NOT NULL,
    delegate_fiscal_code TEXT NOT NULL,
    delegate_name        TEXT NOT NULL,
    from_date            TEXT NOT NULL,
    to_date              TEXT,
    UNIQUE (tenant_id, pupil_id, delegate_fiscal_code),
    FOREIGN KEY (tenant_id, pupil_id) REFERENCES pupils (tenant_id, id)
);
CREATE INDEX delegations_delegate ON delegations (tenant_id, delegate_fiscal_code);

-- Only the SHA-256 of the session token is stored: a copy of the table opens no session.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    tenant_id    TEXT NOT NULL REFERENCES tenants (id),
    user_id      TEXT NOT NULL,
    provider     TEXT NOT NULL,
    id_token     TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
);
CREATE INDEX sessions_user ON sessions (tenant_id, user_id);

-- A login sent to the identity provider and not yet back: state, nonce and PKCE
-- verifier stay on the server; each row is used at most once.
CREATE TABLE pending_logins (
    state         TEXT PRIMARY KEY,
    tenant_id     TEXT NOT NULL REFERENCES tenants (id),
    provider      TEXT NOT NULL,
    nonce         TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    return_to     TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
