-- Ratings of answers (👍/👎 with an optional comment) and indexes for the curator reports.

-- One vote per user and content item; a second vote replaces the first. Only the Telegram id is
-- kept, so /forget (deleting the user row) takes every rating along.
CREATE TABLE feedback (
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    entry_key   TEXT NOT NULL,                  -- q:<id> | m:<id> | a:<number> | c:<id>
    lang        TEXT NOT NULL,                  -- the language the answer was shown in
    vote        INTEGER NOT NULL CHECK (vote IN (-1, 1)),
    comment     TEXT,                           -- "what was wrong", only for 👎
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (user_id, entry_key)
) WITHOUT ROWID;
CREATE INDEX feedback_entry ON feedback(entry_key, vote);
CREATE INDEX feedback_updated ON feedback(updated_at);

-- Popular entries and declined questions are read by status over a recent period.
CREATE INDEX questions_status_asked ON questions(status, asked_at);
