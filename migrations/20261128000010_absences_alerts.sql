-- After the cut-off the meal is cooked: school staff can still record that a pupil was
-- absent; the Ente decides whether such a meal is charged (default: yes).
ALTER TABLE tenants ADD COLUMN charge_late_absence BOOLEAN NOT NULL DEFAULT TRUE;
-- How far below zero a family's canteen balance may go (cents; default 50 €).
ALTER TABLE tenants ADD COLUMN negative_limit_cents BIGINT NOT NULL DEFAULT 5000;

CREATE TABLE late_absences (
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    pupil_id    TEXT NOT NULL,
    day         TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    PRIMARY KEY (tenant_id, pupil_id, day),
    FOREIGN KEY (tenant_id, pupil_id) REFERENCES pupils (tenant_id, id)
);

-- Messages to a family (Comunicazioni). `reference` names the event a message is about,
-- so the same event never sends it twice.
CREATE TABLE messages (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    guardian_id TEXT NOT NULL,
    kind        TEXT NOT NULL,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    reference   TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    read_at     TEXT,
    UNIQUE (tenant_id, reference),
    FOREIGN KEY (tenant_id, guardian_id) REFERENCES guardians (tenant_id, id)
);
CREATE INDEX messages_guardian ON messages (tenant_id, guardian_id, created_at);
