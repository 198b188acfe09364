-- The yearly certificate of school-service expenses (730): per tutore, pupil and calendar
-- year, the amount paid that year. Recomputed by each run; published once.
CREATE TABLE tax_certificates (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    guardian_id TEXT NOT NULL,
    pupil_id    TEXT NOT NULL,
    year        INTEGER NOT NULL,
    amount_cents BIGINT NOT NULL CHECK (amount_cents >= 0),
    updated_at  TEXT NOT NULL,
    UNIQUE (tenant_id, guardian_id, pupil_id, year),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, guardian_id) REFERENCES guardians (tenant_id, id),
    FOREIGN KEY (tenant_id, pupil_id) REFERENCES pupils (tenant_id, id)
);

-- A document a message points to (a path inside the personal area), with its label.
ALTER TABLE messages ADD COLUMN link_path TEXT;
ALTER TABLE messages ADD COLUMN link_label TEXT;
