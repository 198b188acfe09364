-- Comunicazioni: who wrote a message (an operator's fiscal code; none for automatic ones)
-- and its e-mail delivery: not handled yet (NULL), 'sending' (claimed by a server),
-- 'retry' (failed, again at email_next_at), 'sent', 'none' (no address), 'failed' (gave up).
ALTER TABLE messages ADD COLUMN sent_by TEXT;
ALTER TABLE messages ADD COLUMN email_status TEXT;
ALTER TABLE messages ADD COLUMN email_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN email_next_at TEXT;
ALTER TABLE messages ADD COLUMN email_error TEXT;
CREATE INDEX messages_email ON messages (email_status, email_next_at);
