-- One portable dialect for SQLite and PostgreSQL.
-- Rows that point at other tenant-owned rows do so by (tenant_id, id), so that one
-- Ente's record can never reference another Ente's.
-- ids are UUID strings made by the application, money is integer cents (BIGINT),
-- instants are UTC text 'YYYY-MM-DDTHH:MM:SSZ', calendar dates are 'YYYY-MM-DD'.

CREATE TABLE tenants (
    id                TEXT PRIMARY KEY,
    name              TEXT NOT NULL,
    fiscal_code       TEXT NOT NULL UNIQUE,
    address           TEXT NOT NULL,
    time_zone         TEXT NOT NULL,
    segregation_code  TEXT NOT NULL,
    logo              BYTEA,
    logo_content_type TEXT,
    created_at        TEXT NOT NULL
);

-- Several host names may lead to one Ente (servizi.comune.it, www.servizi.comune.it).
CREATE TABLE tenant_hosts (
    host      TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id)
);
CREATE INDEX tenant_hosts_tenant ON tenant_hosts (tenant_id);

CREATE TABLE schools (
    id        TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    name      TEXT NOT NULL,
    kind      TEXT NOT NULL,
    address   TEXT NOT NULL,
    UNIQUE (tenant_id, id)
);
CREATE INDEX schools_tenant ON schools (tenant_id);

CREATE TABLE classes (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    school_id   TEXT NOT NULL,
    name        TEXT NOT NULL,
    school_year TEXT NOT NULL,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, school_id) REFERENCES schools (tenant_id, id)
);
CREATE INDEX classes_tenant ON classes (tenant_id, school_id);

CREATE TABLE services (
    id           TEXT PRIMARY KEY,
    tenant_id    TEXT NOT NULL REFERENCES tenants (id),
    code         TEXT NOT NULL,
    name         TEXT NOT NULL,
    billing_mode TEXT NOT NULL CHECK (billing_mode IN ('prepaid', 'invoiced')),
    UNIQUE (tenant_id, code),
    UNIQUE (tenant_id, id)
);

-- Price per unit (meal, or yearly fee) by ISEE band, versioned by validity dates.
CREATE TABLE tariff_bands (
    id             TEXT PRIMARY KEY,
    tenant_id      TEXT NOT NULL REFERENCES tenants (id),
    service_id     TEXT NOT NULL,
    code           TEXT NOT NULL,
    label          TEXT NOT NULL,
    isee_min_cents BIGINT,
    isee_max_cents BIGINT,
    price_cents    BIGINT NOT NULL CHECK (price_cents >= 0),
    valid_from     TEXT NOT NULL,
    valid_to       TEXT,
    position       BIGINT NOT NULL,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, service_id) REFERENCES services (tenant_id, id)
);
CREATE INDEX tariff_bands_service ON tariff_bands (tenant_id, service_id);

CREATE TABLE guardians (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    fiscal_code TEXT NOT NULL,
    given_name  TEXT NOT NULL,
    family_name TEXT NOT NULL,
    email       TEXT,
    phone       TEXT,
    resident    BOOLEAN NOT NULL,
    UNIQUE (tenant_id, fiscal_code),
    UNIQUE (tenant_id, id)
);

CREATE TABLE pupils (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    guardian_id TEXT NOT NULL,
    fiscal_code TEXT NOT NULL,
    given_name  TEXT NOT NULL,
    family_name TEXT NOT NULL,
    birth_date  TEXT NOT NULL,
    class_id    TEXT NOT NULL,
    diet        TEXT,
    UNIQUE (tenant_id, fiscal_code),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, guardian_id) REFERENCES guardians (tenant_id, id),
    FOREIGN KEY (tenant_id, class_id) REFERENCES classes (tenant_id, id)
);
CREATE INDEX pupils_guardian ON pupils (tenant_id, guardian_id);

CREATE TABLE subscriptions (
    id             TEXT PRIMARY KEY,
    tenant_id      TEXT NOT NULL REFERENCES tenants (id),
    pupil_id       TEXT NOT NULL,
    service_id     TEXT NOT NULL,
    tariff_band_id TEXT NOT NULL,
    from_date      TEXT NOT NULL,
    to_date        TEXT,
    FOREIGN KEY (tenant_id, pupil_id) REFERENCES pupils (tenant_id, id),
    FOREIGN KEY (tenant_id, service_id) REFERENCES services (tenant_id, id),
    FOREIGN KEY (tenant_id, tariff_band_id) REFERENCES tariff_bands (tenant_id, id)
);
CREATE INDEX subscriptions_pupil ON subscriptions (tenant_id, pupil_id);

CREATE TABLE news (
    id           TEXT PRIMARY KEY,
    tenant_id    TEXT NOT NULL REFERENCES tenants (id),
    title        TEXT NOT NULL,
    summary      TEXT NOT NULL,
    body         TEXT NOT NULL,
    published_at TEXT NOT NULL
);
CREATE INDEX news_published ON news (tenant_id, published_at);

CREATE TABLE documents (
    id           TEXT PRIMARY KEY,
    tenant_id    TEXT NOT NULL REFERENCES tenants (id),
    title        TEXT NOT NULL,
    description  TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes   BIGINT NOT NULL,
    published_at TEXT NOT NULL
);
CREATE INDEX documents_published ON documents (tenant_id, published_at);

-- File contents when the file store is the database (see `storage` in Leptos.toml).
CREATE TABLE stored_files (
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    key       TEXT NOT NULL,
    data      BYTEA NOT NULL,
    PRIMARY KEY (tenant_id, key)
);
