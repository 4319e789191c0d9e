-- Official wording of articles imported by an operator (never committed to the repository).
CREATE TABLE official_texts (
    lang        TEXT NOT NULL,
    number      INTEGER NOT NULL,               -- 0 is the preamble
    text        TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    PRIMARY KEY (lang, number)
);
