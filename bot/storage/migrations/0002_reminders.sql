-- Subscriptions, campaigns (event reminders and admin broadcasts) and per-recipient deliveries.

-- What a user wants to receive; a deleted user takes their subscriptions along.
CREATE TABLE subscriptions (
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    topic       TEXT NOT NULL,                  -- events | daily | news
    created_at  TEXT NOT NULL,
    PRIMARY KEY (user_id, topic)
) WITHOUT ROWID;
-- Recipients of one topic are streamed by user id (keyset pagination).
CREATE INDEX subscriptions_topic_user ON subscriptions(topic, user_id);

-- One message sent to an audience. A reminder is keyed by (event, offset, event start) so that
-- it is created at most once, and a moved event gets new reminders; a daily invitation by its day.
CREATE TABLE campaigns (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    kind             TEXT NOT NULL,             -- reminder | daily | broadcast
    status           TEXT NOT NULL,             -- pending | running | done | cancelled | skipped
    audience         TEXT NOT NULL,             -- all | topic:<topic>
    language         TEXT,                      -- NULL: every language; else kk | ru | en
    event_id         TEXT,
    offset_label     TEXT,
    event_starts_at  TEXT,
    due_at           TEXT,
    daily_date       TEXT UNIQUE,               -- daily: the local date of the question
    payload          TEXT,                      -- broadcast: JSON {text, entities}
    note             TEXT,                      -- why a reminder was skipped
    total            INTEGER,                   -- recipients counted when delivery began
    created_by       INTEGER,
    progress_chat_id     INTEGER,
    progress_message_id  INTEGER,
    created_at       TEXT NOT NULL,
    started_at       TEXT,
    finished_at      TEXT,
    UNIQUE (event_id, offset_label, event_starts_at)
);
CREATE INDEX campaigns_status ON campaigns(status);

-- Every (campaign, recipient) outcome; the campaign's position is the highest user id here.
CREATE TABLE deliveries (
    campaign_id  INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    status       TEXT NOT NULL,                 -- pending | sending | sent | failed | blocked
    attempts     INTEGER NOT NULL DEFAULT 0,
    error        TEXT,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (campaign_id, user_id)
) WITHOUT ROWID;
CREATE INDEX deliveries_user ON deliveries(user_id);
CREATE INDEX deliveries_open ON deliveries(campaign_id, status, user_id);
