-- 0001: feedback items, their predicted labels, the conversation with the
-- submitter, staff accounts and the append-only, hash-chained audit log.
--
-- Anonymity: no column holds an IP address, user agent, referrer or receipt
-- code. A receipt is kept only as (lookup_id, argon2id hash of its secret).
-- Submitter times are stored already rounded (hour or day).

CREATE TABLE staff (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'safeguarding_lead', 'reviewer', 'auditor')),
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at TEXT NOT NULL,
    password_changed_at TEXT NOT NULL
);

CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    lookup_id TEXT UNIQUE,
    receipt_hash TEXT,
    text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 10000),
    service_id TEXT,
    kind TEXT CHECK (kind IN ('compliment', 'concern', 'complaint', 'suggestion')),
    wants_reply INTEGER NOT NULL CHECK (wants_reply IN (0, 1)),
    on_behalf INTEGER NOT NULL CHECK (on_behalf IN (0, 1)),
    quote_consent INTEGER NOT NULL CHECK (quote_consent IN (0, 1)),
    received_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'new'
        CHECK (status IN ('new', 'acknowledged', 'investigating', 'responded', 'closed', 'reopened')),
    urgent INTEGER NOT NULL CHECK (urgent IN (0, 1)),
    -- 0 urgent, 1 high-severity flag, 2 other flag, 3 ordinary: the queue's first key.
    priority INTEGER NOT NULL CHECK (priority BETWEEN 0 AND 3),
    model_version TEXT NOT NULL,
    CHECK ((lookup_id IS NULL) = (receipt_hash IS NULL))
);

CREATE INDEX items_queue ON items (priority, received_at, id);
CREATE INDEX items_status ON items (status, priority, received_at, id);
CREATE INDEX items_service ON items (service_id, received_at);

CREATE TABLE predicted_labels (
    item_id INTEGER NOT NULL REFERENCES items (id),
    label TEXT NOT NULL,
    score REAL NOT NULL CHECK (score BETWEEN 0 AND 1),
    flagged INTEGER NOT NULL CHECK (flagged IN (0, 1)),
    evidence TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (item_id, label)
) WITHOUT ROWID;

CREATE INDEX predicted_labels_flagged ON predicted_labels (label, flagged);

CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items (id),
    author TEXT NOT NULL CHECK (author IN ('submitter', 'staff')),
    staff_id INTEGER REFERENCES staff (id),
    text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 10000),
    created_at TEXT NOT NULL,
    CHECK ((author = 'staff') = (staff_id IS NOT NULL))
);

CREATE INDEX messages_item ON messages (item_id, id);

CREATE TABLE audit_log (
    -- AUTOINCREMENT: ids are never reused, so a deleted entry leaves a gap
    -- (and sqlite_sequence remembers a deleted tail) for `feedback audit verify`.
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor_id INTEGER REFERENCES staff (id),
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    item_id INTEGER REFERENCES items (id),
    detail TEXT NOT NULL DEFAULT '{}',
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
);

CREATE INDEX audit_log_item ON audit_log (item_id, id);

-- The audit log is append-only: the database itself refuses edits. Someone with
-- the file can still drop these triggers, which is what the hash chain is for.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
