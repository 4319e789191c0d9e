-- Quizzes: private sessions with their questions, spaced-review counters, and group poll quizzes.

-- One private quiz: a full quiz, a review of mistakes, or the one-question daily quiz.
CREATE TABLE quiz_sessions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,                 -- quiz | review | daily
    topic        TEXT,                          -- topic id; NULL for mixed
    total        INTEGER NOT NULL,
    position     INTEGER NOT NULL DEFAULT 0,    -- index of the question on screen
    status       TEXT NOT NULL,                 -- active | finished | abandoned
    day          TEXT,                          -- daily: local date (YYYY-MM-DD) of the question
    parent_id    INTEGER REFERENCES quiz_sessions(id) ON DELETE SET NULL,  -- review: reviewed quiz
    started_at   TEXT NOT NULL,
    finished_at  TEXT
);
CREATE INDEX quiz_sessions_user ON quiz_sessions(user_id, status);
-- At most one daily question per user and day.
CREATE UNIQUE INDEX quiz_sessions_daily ON quiz_sessions(user_id, day) WHERE kind = 'daily';

-- The questions of a session; ``options`` is the stored shuffle: button i shows original option
-- options[i]. ``chosen`` is NULL until answered, and answering sets it only while it is NULL.
CREATE TABLE quiz_answers (
    session_id   INTEGER NOT NULL REFERENCES quiz_sessions(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    item_id      TEXT NOT NULL,
    topic        TEXT NOT NULL,
    options      TEXT NOT NULL,                 -- comma-separated original option indexes
    chosen       INTEGER,                       -- original index of the chosen option
    is_correct   INTEGER,                       -- 1 | 0 once answered
    answered_at  TEXT,
    PRIMARY KEY (session_id, position)
) WITHOUT ROWID;

-- Spaced review: an item answered wrongly is due until answered right twice in a row.
CREATE TABLE quiz_progress (
    user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    item_id       TEXT NOT NULL,
    wrong_count   INTEGER NOT NULL DEFAULT 0,
    right_count   INTEGER NOT NULL DEFAULT 0,
    right_streak  INTEGER NOT NULL DEFAULT 0,   -- right answers since the last wrong one
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (user_id, item_id)
) WITHOUT ROWID;

-- A group quiz: a series of native quiz polls, one at a time; ``position`` is the next to send.
CREATE TABLE group_quizzes (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id      INTEGER NOT NULL,
    started_by   INTEGER NOT NULL,
    lang         TEXT NOT NULL,
    items        TEXT NOT NULL,                 -- comma-separated item ids, in order
    position     INTEGER NOT NULL DEFAULT 0,
    status       TEXT NOT NULL,                 -- running | finished | stopped | failed
    next_at      TEXT,                          -- when the next step is due (resume after restart)
    created_at   TEXT NOT NULL,
    finished_at  TEXT
);
CREATE UNIQUE INDEX group_quizzes_running ON group_quizzes(chat_id) WHERE status = 'running';

-- Every poll sent: poll_answer updates name only the poll, so this maps it to its quiz.
CREATE TABLE group_polls (
    poll_id      TEXT PRIMARY KEY,
    quiz_id      INTEGER NOT NULL REFERENCES group_quizzes(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    item_id      TEXT NOT NULL,
    correct      INTEGER NOT NULL,              -- correct option id as sent
    message_id   INTEGER,
    sent_at      TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX group_polls_quiz ON group_polls(quiz_id);

-- One answer per participant and poll; a deleted user takes their answers along.
CREATE TABLE group_answers (
    poll_id      TEXT NOT NULL REFERENCES group_polls(poll_id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    is_correct   INTEGER NOT NULL,
    answered_at  TEXT NOT NULL,
    PRIMARY KEY (poll_id, user_id)
) WITHOUT ROWID;
CREATE INDEX group_answers_user ON group_answers(user_id);
