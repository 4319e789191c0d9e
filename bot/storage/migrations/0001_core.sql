-- Users and the question log.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,          -- Telegram user id
    language      TEXT,                         -- chosen language (kk|ru|en); NULL until chosen
    tg_language   TEXT,                         -- Telegram language_code at first contact
    first_seen    TEXT NOT NULL,
    last_seen     TEXT NOT NULL,
    is_active     INTEGER NOT NULL DEFAULT 1    -- 0 once the user blocked the bot
);
CREATE INDEX users_last_seen ON users(last_seen);

-- Questions people asked, without any user id: curators see what was missed.
CREATE TABLE questions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    asked_at    TEXT NOT NULL,
    text        TEXT NOT NULL,
    lang        TEXT NOT NULL,
    status      TEXT NOT NULL,                  -- answer | suggest | none
    entry_id    TEXT,
    score       REAL NOT NULL
);
CREATE INDEX questions_asked_at ON questions(asked_at);
CREATE INDEX questions_status ON questions(status);
