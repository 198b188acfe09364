-- Fees of invoiced services (e.g. the transport instalments): each one a debt of the
-- tutore's account for that service, paid through its own pagoPA payment.
CREATE TABLE fees (
    id           TEXT PRIMARY KEY,
    tenant_id    TEXT NOT NULL REFERENCES tenants (id),
    account_id   TEXT NOT NULL,
    pupil_id     TEXT NOT NULL,
    label        TEXT NOT NULL,
    amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
    due_date     TEXT NOT NULL,
    -- The same instalment of the same pupil is issued once, however often the command runs.
    issue_key    TEXT NOT NULL,
    payment_id   TEXT,
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    UNIQUE (tenant_id, issue_key),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id),
    FOREIGN KEY (tenant_id, pupil_id) REFERENCES pupils (tenant_id, id),
    FOREIGN KEY (tenant_id, payment_id) REFERENCES payments (tenant_id, id)
);
CREATE INDEX fees_account ON fees (tenant_id, account_id, due_date);
