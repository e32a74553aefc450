-- 0002: triage. The safeguarding lead's decisions are kept apart from the
-- classifier's predictions (so both can be compared and the model retrained),
-- with internal notes, escalations and each item's assignee and outcome.
--
-- Staff times here are exact: the audit trail and the deadlines need them.
-- Nothing here is ever shown to the submitter, except staff messages, which
-- live in `messages` and are dated to the day when shown.

ALTER TABLE items ADD COLUMN assignee_id INTEGER REFERENCES staff (id);
ALTER TABLE items ADD COLUMN acknowledged_at TEXT;
ALTER TABLE items ADD COLUMN responded_at TEXT;
ALTER TABLE items ADD COLUMN outcome TEXT
    CHECK (outcome IN ('upheld', 'partly_upheld', 'not_upheld', 'resolved', 'withdrawn'));

CREATE INDEX items_assignee ON items (assignee_id, priority, received_at, id);

-- One current decision per item and label; the history is in the audit log.
CREATE TABLE label_decisions (
    item_id INTEGER NOT NULL REFERENCES items (id),
    label TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('confirmed', 'rejected', 'added')),
    staff_id INTEGER NOT NULL REFERENCES staff (id),
    decided_at TEXT NOT NULL,
    PRIMARY KEY (item_id, label)
) WITHOUT ROWID;

CREATE INDEX label_decisions_label ON label_decisions (label, decision);

-- Reviewers suggest; only a safeguarding lead decides.
CREATE TABLE label_suggestions (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items (id),
    label TEXT NOT NULL,
    present INTEGER NOT NULL CHECK (present IN (0, 1)),
    staff_id INTEGER NOT NULL REFERENCES staff (id),
    suggested_at TEXT NOT NULL
);

CREATE INDEX label_suggestions_item ON label_suggestions (item_id, id);

-- Internal notes: staff only, never part of the submitter's follow-up.
CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items (id),
    staff_id INTEGER NOT NULL REFERENCES staff (id),
    text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 10000),
    created_at TEXT NOT NULL
);

CREATE INDEX notes_item ON notes (item_id, id);

CREATE TABLE escalations (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items (id),
    agency TEXT NOT NULL
        CHECK (agency IN ('local_authority_safeguarding', 'police', 'regulator')),
    reference TEXT NOT NULL,
    escalated_on TEXT NOT NULL,
    staff_id INTEGER NOT NULL REFERENCES staff (id),
    recorded_at TEXT NOT NULL
);

CREATE INDEX escalations_item ON escalations (item_id, id);
