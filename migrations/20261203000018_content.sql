-- Content managed by the Ente's office (issue 12, point 1): news with a state, an image and
-- attached documents; documents with a category, versions and withdrawal; the Ente's pages.

-- News: 'draft', 'published' (shown from published_at on, so a future instant is a scheduled
-- item) or 'withdrawn'. Drafts keep in published_at the instant they would be shown at.
ALTER TABLE news ADD COLUMN state TEXT NOT NULL DEFAULT 'published';
-- The image: its key in the file store (a new key per upload), its sniffed type, its alt text.
ALTER TABLE news ADD COLUMN image_key TEXT;
ALTER TABLE news ADD COLUMN image_type TEXT;
ALTER TABLE news ADD COLUMN image_alt TEXT;
ALTER TABLE news ADD COLUMN updated_at TEXT;
ALTER TABLE news ADD COLUMN updated_by TEXT;

-- Documents attached to a news item, in the order they were attached.
CREATE TABLE news_documents (
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    news_id     TEXT NOT NULL REFERENCES news (id),
    document_id TEXT NOT NULL REFERENCES documents (id),
    attached_at TEXT NOT NULL,
    PRIMARY KEY (news_id, document_id)
);

-- Documents: a category, the file store key of the current version (a replaced file gets a
-- new key, the download URL stays the document's), its version, and when it was withdrawn.
ALTER TABLE documents ADD COLUMN category TEXT NOT NULL DEFAULT 'altro';
ALTER TABLE documents ADD COLUMN file_key TEXT NOT NULL DEFAULT '';
UPDATE documents SET file_key = id;
ALTER TABLE documents ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE documents ADD COLUMN withdrawn_at TEXT;
ALTER TABLE documents ADD COLUMN updated_at TEXT;
ALTER TABLE documents ADD COLUMN updated_by TEXT;

-- The Ente's own pages: the five every PA site must have (slug = slot) and any other.
CREATE TABLE site_pages (
    tenant_id  TEXT NOT NULL REFERENCES tenants (id),
    slug       TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    published  BOOLEAN NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (tenant_id, slug)
);
