-- Every change the Ente's staff make through the portal: who, when, what, on what, the value
-- before and after. Rows are only ever appended (the store has no update or delete for it).
CREATE TABLE audit_log (
    id           TEXT PRIMARY KEY,
    tenant_id    TEXT NOT NULL REFERENCES tenants (id),
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    subject      TEXT NOT NULL,
    before_value TEXT,
    after_value  TEXT
);
CREATE INDEX audit_log_by_time ON audit_log (tenant_id, at);
CREATE INDEX audit_log_by_actor ON audit_log (tenant_id, actor, at);
