-- 0006: the phrases that made the classifier flag an item urgent, as a JSON
-- list, so the item page can mark them as it marks each label's evidence. A
-- lead deciding on urgency needs to see why the flag was raised as much as
-- for any label. Items stored before this migration have none ('[]').

ALTER TABLE items ADD COLUMN urgent_evidence TEXT NOT NULL DEFAULT '[]';
