-- Price lists edited in the portal (issue 12, point 6).
-- The personalised tariff: a band whose price grows linearly with the ISEE between its
-- ISEE bounds, from `price_cents` to `price_max_cents`. It is stored as kind 'isee' with a
-- maximum price because the kind's CHECK cannot be widened portably (SQLite cannot alter a
-- constraint); flat bands keep `price_max_cents` NULL.
ALTER TABLE tariff_bands ADD COLUMN price_max_cents BIGINT CHECK (price_max_cents >= 0);
-- A code has one version per start date: two lists saved at once for the same day collide
-- here instead of both being written.
DROP INDEX tariff_bands_code;
CREATE UNIQUE INDEX tariff_bands_version ON tariff_bands (tenant_id, service_id, code, valid_from);
-- The ISEE the family presented, kept on each subscription from the day it counts (NULL: none
-- on file), so that the personalised tariff can be computed at every daily closure and a new
-- price list can place each subscription in its band. Subscriptions made before this
-- migration have none on file: a new list keeps them on their band's code.
ALTER TABLE subscriptions ADD COLUMN isee_cents BIGINT CHECK (isee_cents >= 0);
CREATE INDEX subscriptions_service ON subscriptions (tenant_id, service_id);
