-- Two more roles the Ente grants: school staff (record absences) and kitchen (read the
-- counts), each for some schools only. The CHECK of role_grants names the roles, and
-- neither engine can change a CHECK in place portably: the table is rebuilt.
CREATE TABLE role_grants_scoped (
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    fiscal_code TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('operator', 'admin', 'school_staff', 'kitchen')),
    granted_at  TEXT NOT NULL,
    granted_by  TEXT NOT NULL,
    PRIMARY KEY (tenant_id, fiscal_code, role)
);
INSERT INTO role_grants_scoped (tenant_id, fiscal_code, role, granted_at, granted_by)
SELECT tenant_id, fiscal_code, role, granted_at, granted_by FROM role_grants;
DROP TABLE role_grants;
ALTER TABLE role_grants_scoped RENAME TO role_grants;

-- The schools a school-staff or kitchen grant covers (operators and admins cover all).
CREATE TABLE role_grant_schools (
    tenant_id   TEXT NOT NULL,
    fiscal_code TEXT NOT NULL,
    role        TEXT NOT NULL,
    school_id   TEXT NOT NULL,
    PRIMARY KEY (tenant_id, fiscal_code, role, school_id),
    FOREIGN KEY (tenant_id, fiscal_code, role) REFERENCES role_grants (tenant_id, fiscal_code, role),
    FOREIGN KEY (tenant_id, school_id) REFERENCES schools (tenant_id, id)
);
