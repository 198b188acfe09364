-- A canteen day closed at its cut-off: meals debited, kitchen counts final.
CREATE TABLE day_closures (
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    day       TEXT NOT NULL,
    closed_at TEXT NOT NULL,
    closed_by TEXT NOT NULL,
    PRIMARY KEY (tenant_id, day)
);
