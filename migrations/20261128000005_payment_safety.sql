-- A login belongs to the browser that started it (a cookie whose hash is kept here), so a
-- callback link sent by someone else cannot sign a victim in as the sender.
ALTER TABLE pending_logins ADD COLUMN browser_hash TEXT NOT NULL DEFAULT '';

-- A top-up form submitted twice (double click, retried request) opens one payment.
ALTER TABLE payments ADD COLUMN request_key TEXT;
CREATE UNIQUE INDEX payments_request ON payments (tenant_id, created_by, request_key);
-- When the platform was last asked, so a page polling it cannot flood it.
ALTER TABLE payments ADD COLUMN last_checked_at TEXT;
