-- Moduli online: the Ente's form definitions (versioned, as JSON checked by the domain),
-- one draft per person and form (resumable on any device), submissions with a protocol
-- number, and the history of every decision.
CREATE TABLE form_definitions (
    tenant_id    TEXT NOT NULL REFERENCES tenants (id),
    code         TEXT NOT NULL,
    version      INTEGER NOT NULL,
    definition   TEXT NOT NULL,
    published_at TEXT NOT NULL,
    PRIMARY KEY (tenant_id, code, version)
);

CREATE TABLE form_drafts (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    owner       TEXT NOT NULL,
    code        TEXT NOT NULL,
    version     INTEGER NOT NULL,
    answers     TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (tenant_id, owner, code)
);

CREATE TABLE protocol_sequences (
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    year      INTEGER NOT NULL,
    last      BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, year)
);

CREATE TABLE submissions (
    id           TEXT PRIMARY KEY,
    tenant_id    TEXT NOT NULL REFERENCES tenants (id),
    owner        TEXT NOT NULL,
    owner_name   TEXT NOT NULL,
    code         TEXT NOT NULL,
    version      INTEGER NOT NULL,
    title        TEXT NOT NULL,
    answers      TEXT NOT NULL,
    -- The draft it came from: the same draft submitted twice is one submission.
    draft_id     TEXT NOT NULL,
    protocol     TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('inviato', 'in_lavorazione', 'accolto', 'respinto')),
    note         TEXT,
    decided_by   TEXT,
    decided_at   TEXT,
    UNIQUE (tenant_id, draft_id),
    UNIQUE (tenant_id, protocol)
);
CREATE INDEX submissions_owner ON submissions (tenant_id, owner, submitted_at);
CREATE INDEX submissions_queue ON submissions (tenant_id, status, submitted_at);

CREATE TABLE submission_events (
    id            TEXT PRIMARY KEY,
    tenant_id     TEXT NOT NULL REFERENCES tenants (id),
    submission_id TEXT NOT NULL,
    at            TEXT NOT NULL,
    by_person     TEXT NOT NULL,
    what          TEXT NOT NULL
);
CREATE INDEX submission_events_of ON submission_events (tenant_id, submission_id, at);

-- Files attached to a form by the person filling it in (bytes in the file store); the type
-- is what the content says, not the name.
CREATE TABLE form_uploads (
    id           TEXT PRIMARY KEY,
    tenant_id    TEXT NOT NULL REFERENCES tenants (id),
    owner        TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX form_uploads_owner ON form_uploads (tenant_id, owner);
