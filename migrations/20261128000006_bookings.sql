-- Canteen bookings: presence is automatic; a row records a change for a pupil's day
-- (cancelled, or a plain meal). The Ente's booking settings, its school years, the
-- weekdays each class eats at school, and closures.

ALTER TABLE tenants ADD COLUMN booking_cutoff TEXT NOT NULL DEFAULT '09:30';
ALTER TABLE tenants ADD COLUMN booking_opens_evening_before TEXT;
ALTER TABLE tenants ADD COLUMN booking_horizon_days INTEGER NOT NULL DEFAULT 30;
ALTER TABLE tenants ADD COLUMN plain_meal_max_consecutive INTEGER NOT NULL DEFAULT 3;

CREATE TABLE school_years (
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    school_id TEXT NOT NULL,
    first_day TEXT NOT NULL,
    last_day  TEXT NOT NULL,
    PRIMARY KEY (tenant_id, school_id, first_day),
    FOREIGN KEY (tenant_id, school_id) REFERENCES schools (tenant_id, id)
);

CREATE TABLE class_canteen_days (
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    class_id  TEXT NOT NULL,
    -- ISO weekday: 1 Monday … 7 Sunday.
    weekday   INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    PRIMARY KEY (tenant_id, class_id, weekday),
    FOREIGN KEY (tenant_id, class_id) REFERENCES classes (tenant_id, id)
);

-- A day without canteen: for one school, or (school_id empty) for the whole Ente.
CREATE TABLE closures (
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    school_id TEXT NOT NULL DEFAULT '',
    day       TEXT NOT NULL,
    reason    TEXT NOT NULL,
    PRIMARY KEY (tenant_id, school_id, day)
);

CREATE TABLE bookings (
    tenant_id  TEXT NOT NULL REFERENCES tenants (id),
    pupil_id   TEXT NOT NULL,
    day        TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('cancelled', 'plain')),
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (tenant_id, pupil_id, day),
    FOREIGN KEY (tenant_id, pupil_id) REFERENCES pupils (tenant_id, id)
);
CREATE INDEX bookings_day ON bookings (tenant_id, day);
