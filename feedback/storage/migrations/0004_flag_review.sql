-- 0004: an index for the flags page (feedback.flag_review), which counts each
-- classifier version's flags and "worth a look" labels. Every item stores a
-- score for every label, nine in ten of them neither flagged nor close, so the
-- page reads only the rows this partial index holds: its cost grows with the
-- flags, not with the items times the labels.

CREATE INDEX predicted_labels_marked ON predicted_labels (item_id, label)
    WHERE flagged = 1 OR possible = 1;
