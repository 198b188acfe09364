-- Tariffs: what kind of band each is (an ISEE range, the full tariff, the non-resident
-- tariff) and the discount from the second child. A new price list is a new set of rows
-- with the same codes and later validity dates; subscriptions name a band, whose price on
-- a day is the one of the row with its code valid that day.
ALTER TABLE tariff_bands ADD COLUMN kind TEXT NOT NULL DEFAULT 'isee'
    CHECK (kind IN ('isee', 'full', 'non_resident'));
ALTER TABLE tariff_bands ADD COLUMN sibling_discount_percent INTEGER NOT NULL DEFAULT 0
    CHECK (sibling_discount_percent BETWEEN 0 AND 100);
CREATE INDEX tariff_bands_code ON tariff_bands (tenant_id, service_id, code, valid_from);
