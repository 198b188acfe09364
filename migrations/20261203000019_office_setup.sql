-- Schools, classes and services edited by the office (issue 12, point 2).
-- A school the Ente no longer runs is retired, never deleted while it has history: it is
-- not offered for new classes or enrolments and shows as "Dismessa".
ALTER TABLE schools ADD COLUMN retired_at TEXT;
-- Whether families book (cancel, plain meal) the service's days in Prenotazioni: only
-- prepaid services have bookings, and they keep them as before this migration.
ALTER TABLE services ADD COLUMN bookings_enabled BOOLEAN NOT NULL DEFAULT TRUE;
UPDATE services SET bookings_enabled = FALSE WHERE billing_mode = 'invoiced';
-- One class of a name per school and school year: two saved at once collide here.
CREATE UNIQUE INDEX classes_name ON classes (tenant_id, school_id, school_year, name);
