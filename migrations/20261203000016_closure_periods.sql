-- Closures become periods: the office enters "Vacanze di Natale, 23/12–06/01" once, sees it
-- as one line and removes it as one. A period is for one school or (school_id empty) the
-- whole Ente; periods whose schools meet never overlap (the store refuses it), so a period
-- is named by its scope and first day. The days of the old table become one-day periods.
CREATE TABLE closure_periods (
    tenant_id  TEXT NOT NULL REFERENCES tenants (id),
    school_id  TEXT NOT NULL DEFAULT '',
    first_day  TEXT NOT NULL,
    last_day   TEXT NOT NULL,
    reason     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (tenant_id, school_id, first_day),
    CHECK (last_day >= first_day)
);
CREATE INDEX closure_periods_days ON closure_periods (tenant_id, first_day, last_day);

INSERT INTO closure_periods (tenant_id, school_id, first_day, last_day, reason, created_at, created_by)
SELECT tenant_id, school_id, day, day, reason, '2026-12-03T00:00:00Z', 'migrazione'
FROM closures;

DROP TABLE closures;

-- What a file import did (closures now, the registry later): the upload is a plain POST
-- that redirects to the page, which shows this report to the person who sent the file.
CREATE TABLE import_reports (
    id         TEXT PRIMARY KEY,
    tenant_id  TEXT NOT NULL REFERENCES tenants (id),
    kind       TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    report     TEXT NOT NULL
);
