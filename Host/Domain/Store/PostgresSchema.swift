import SwitchboardSupport

/// The numbered migrations (Schema.migrations, one list for both stores) on PostgreSQL: each
/// migration's text through a mechanical DDL translation, with explicit PostgreSQL text where the
/// translation would be wrong (`replacements`). Applied versions are rows of `schema_migrations`;
/// the migrating host holds an advisory lock, so of several hosts starting at once one migrates
/// and the others wait, then find nothing left to do.
enum PostgresSchema {
    /// Any constant the hosts agree on: the lock's key ("SWBD" in ASCII).
    static let lockKey: Int64 = 0x5357_4244

    /// Per migration (its index in Schema.migrations): SQLite statements and their PostgreSQL text.
    static let replacements: [Int: [(sqlite: String, postgres: String)]] = [
        // FTS5 has no PostgreSQL counterpart: a plain table under the same name (rowid is an ordinary
        // column there) with a weighted tsvector kept by PostgreSQL, for ts_rank_cd to rank by.
        2: [(
            "CREATE VIRTUAL TABLE knowledge_fts USING fts5(title, heading, text, collection, tokenize = 'unicode61');",
            """
            CREATE TABLE knowledge_fts (
                rowid BIGINT PRIMARY KEY,
                title TEXT NOT NULL DEFAULT '',
                heading TEXT NOT NULL DEFAULT '',
                text TEXT NOT NULL DEFAULT '',
                collection TEXT NOT NULL DEFAULT '',
                document tsvector GENERATED ALWAYS AS (
                    setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', heading), 'B') ||
                    to_tsvector('simple', text)) STORED
            );
            CREATE INDEX knowledge_fts_document ON knowledge_fts USING gin (document);
            CREATE INDEX knowledge_fts_collection ON knowledge_fts (collection);
            """
        )],
        // The event feed (FeedHead): an event is inserted with a pending id (negative, from its own
        // sequence, rising in insertion order) and gets its feed id at commit from the one
        // `feed_head` row, whose lock orders the appending transactions of every host.
        24: [(
            "-- feed_head: PostgreSQL only",
            """
            CREATE TABLE feed_head (id BIGINT PRIMARY KEY CHECK (id = 1), last_id BIGINT NOT NULL);
            INSERT INTO feed_head (id, last_id) SELECT 1, COALESCE(MAX(id), 0) FROM events;
            CREATE SEQUENCE events_pending_id AS BIGINT MINVALUE -4611686018427387904 MAXVALUE -1 START WITH -4611686018427387904;
            ALTER TABLE events ALTER COLUMN id DROP IDENTITY;
            ALTER TABLE events ALTER COLUMN id SET DEFAULT nextval('events_pending_id');
            ALTER SEQUENCE events_pending_id OWNED BY events.id;
            """
        )],
    ]

    /// Runs before the migrations, at every start (under the lock): what SQLite has built in that
    /// the domain's SQL uses by name, so that SQL is written once.
    /// - `COLLATE NOCASE` (in the schema and in queries) names this collation, as unquoted names fold
    ///   to lower case: case-insensitive equality, uniqueness and order, like SQLite's. (PostgreSQL's
    ///   LIKE refuses a nondeterministic collation: such columns are matched with SQLDialect.like.)
    /// - group_concat(text, separator); json_extract(text, '$.a.b') as text; json_valid(text);
    ///   json_each(text [, path]) as (key, value) rows of an array or object; two-argument max().
    ///   These are functions of this database, not rewrites of the statements that call them.
    static let prelude = """
        CREATE COLLATION IF NOT EXISTS nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
        CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL);
        CREATE OR REPLACE FUNCTION sb_group_concat_step(acc text, value text, separator text) RETURNS text
            LANGUAGE sql IMMUTABLE AS $$
            SELECT CASE WHEN value IS NULL THEN acc WHEN acc IS NULL THEN value ELSE acc || separator || value END $$;
        CREATE OR REPLACE AGGREGATE group_concat(text, text) (SFUNC = sb_group_concat_step, STYPE = text);
        CREATE OR REPLACE FUNCTION sb_json_path(path text) RETURNS text[]
            LANGUAGE sql IMMUTABLE AS $$
            SELECT CASE WHEN path = '$' THEN ARRAY[]::text[] ELSE string_to_array(substr(path, 3), '.') END $$;
        CREATE OR REPLACE FUNCTION json_extract(document text, path text) RETURNS text
            LANGUAGE sql IMMUTABLE AS $$ SELECT (document::jsonb) #>> sb_json_path(path) $$;
        CREATE OR REPLACE FUNCTION json_valid(document text) RETURNS boolean
            LANGUAGE plpgsql IMMUTABLE AS $$
            BEGIN PERFORM document::jsonb; RETURN document IS NOT NULL; EXCEPTION WHEN others THEN RETURN false; END $$;
        CREATE OR REPLACE FUNCTION json_each(document text, path text DEFAULT '$') RETURNS TABLE(key text, value text)
            LANGUAGE sql IMMUTABLE AS $$
            WITH d AS (SELECT (document::jsonb) #> sb_json_path(path) AS j)
            SELECT (e.n - 1)::text, e.v
            FROM d, jsonb_array_elements_text(CASE WHEN jsonb_typeof(d.j) = 'array' THEN d.j ELSE '[]' END) WITH ORDINALITY AS e(v, n)
            UNION ALL
            SELECT o.key, o.value FROM d, jsonb_each_text(CASE WHEN jsonb_typeof(d.j) = 'object' THEN d.j ELSE '{}' END) AS o $$;
        CREATE OR REPLACE FUNCTION max(a bigint, b bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT GREATEST(a, b) $$;
        """

    static func migrate(_ db: StoreConnection, _ migrations: [String]) throws {
        // Session-level: held across the migrations' own transactions, released below (or when
        // the connection ends, if this host dies mid-way: another then takes over).
        try db.run("SELECT pg_advisory_lock(?)", [.integer(lockKey)])
        defer { try? db.run("SELECT pg_advisory_unlock(?)", [.integer(lockKey)]) }
        try db.execute(prelude)
        let applied = Set(try db.query("SELECT version FROM schema_migrations") { Int($0.int(0)) })
        for (index, migration) in migrations.enumerated() where !applied.contains(index + 1) {
            try db.transaction {
                try db.execute(translate(migration, replacing: replacements[index] ?? []))
                try db.run("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                           [.integer(Int64(index + 1)), .integer(Clock.nowMillis())])
            }
        }
    }

    /// The common cases, mechanically: rowid keys become identity columns, SQLite's type names
    /// PostgreSQL's (INTEGER is 64-bit there as here), WITHOUT ROWID goes.
    static func translate(_ sql: String, replacing: [(sqlite: String, postgres: String)] = []) -> String {
        var text = sql
        for (sqlite, postgres) in replacing { text = text.replacingOccurrences(of: sqlite, with: postgres) }
        let identity = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
        text = text.replacing(#/\bINTEGER PRIMARY KEY AUTOINCREMENT\b/#, with: identity)
        text = text.replacing(#/\bINTEGER PRIMARY KEY\b/#, with: identity)
        text = text.replacing(#/\bINTEGER\b/#, with: "BIGINT")
        text = text.replacing(#/\bREAL\b/#, with: "DOUBLE PRECISION")
        text = text.replacing(#/\bBLOB\b/#, with: "BYTEA")
        text = text.replacing(#/\)\s*WITHOUT ROWID/#, with: ")")
        return text
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        return self.replacing(target, with: replacement)
    }
}
