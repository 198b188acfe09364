-- A school's rotating menu, in effect from a date until the next one (its definition —
-- weeks, dishes per weekday, diet variants — as JSON, checked by the domain on write).
CREATE TABLE menus (
    tenant_id  TEXT NOT NULL REFERENCES tenants (id),
    school_id  TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    definition TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (tenant_id, school_id, valid_from),
    FOREIGN KEY (tenant_id, school_id) REFERENCES schools (tenant_id, id)
);
