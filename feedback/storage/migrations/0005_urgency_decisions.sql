-- 0005: a safeguarding lead's decision on an item's urgency, kept apart from
-- the classifier's (items.urgent), as label decisions are. The lead may keep
-- the urgent flag, clear a false alarm, or mark urgent an item the classifier
-- missed; the item's priority follows the decision, and the labels exported
-- for retraining carry the lead's urgency, not the classifier's.

CREATE TABLE urgency_decisions (
    item_id INTEGER PRIMARY KEY REFERENCES items (id),
    urgent INTEGER NOT NULL CHECK (urgent IN (0, 1)),
    staff_id INTEGER NOT NULL REFERENCES staff (id),
    decided_at TEXT NOT NULL
);

-- For the flags page: the items the classifier flagged urgent, without reading
-- every item.
CREATE INDEX items_flagged_urgent ON items (model_version) WHERE urgent = 1;
