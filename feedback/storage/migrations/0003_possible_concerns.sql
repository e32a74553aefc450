-- 0003: a queue band between flagged and ordinary feedback, for items the
-- classifier did not flag but scored close to a label's threshold.
--
-- Priority 3 becomes "worth a look" and ordinary moves to 4. SQLite cannot
-- change a CHECK constraint in place, so `items` is rebuilt (the runner turns
-- foreign keys off for the copy and checks them before committing). Items
-- already stored stay ordinary: the thresholds they were scored against are
-- not kept.

CREATE TABLE items_rebuilt (
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
    -- 0 urgent, 1 high-severity flag, 2 other flag, 3 worth a look, 4 ordinary:
    -- the queue's first key.
    priority INTEGER NOT NULL CHECK (priority BETWEEN 0 AND 4),
    model_version TEXT NOT NULL,
    assignee_id INTEGER REFERENCES staff (id),
    acknowledged_at TEXT,
    responded_at TEXT,
    outcome TEXT
        CHECK (outcome IN ('upheld', 'partly_upheld', 'not_upheld', 'resolved', 'withdrawn')),
    CHECK ((lookup_id IS NULL) = (receipt_hash IS NULL))
);

INSERT INTO items_rebuilt (
    id, reference, lookup_id, receipt_hash, text, service_id, kind, wants_reply, on_behalf,
    quote_consent, received_at, status, urgent, priority, model_version, assignee_id,
    acknowledged_at, responded_at, outcome
)
SELECT
    id, reference, lookup_id, receipt_hash, text, service_id, kind, wants_reply, on_behalf,
    quote_consent, received_at, status, urgent, CASE priority WHEN 3 THEN 4 ELSE priority END,
    model_version, assignee_id, acknowledged_at, responded_at, outcome
FROM items;

DROP TABLE items;
ALTER TABLE items_rebuilt RENAME TO items;

CREATE INDEX items_queue ON items (priority, received_at, id);
CREATE INDEX items_status ON items (status, priority, received_at, id);
CREATE INDEX items_service ON items (service_id, received_at);
CREATE INDEX items_assignee ON items (assignee_id, priority, received_at, id);

-- Which unflagged labels put an item in that band, for the item page.
ALTER TABLE predicted_labels ADD COLUMN possible INTEGER NOT NULL DEFAULT 0
    CHECK (possible IN (0, 1));
