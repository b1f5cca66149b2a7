/// Schema migrations, applied in order; PRAGMA user_version records how many ran.
/// Append new migrations; never edit one that has shipped.
enum Schema {
    static let migrations: [String] = [
        // 1: the spine: plugins, channel instances, contacts, conversations, messages, events, outbox, state.
        """
        CREATE TABLE plugins (
            id TEXT PRIMARY KEY,
            enabled INTEGER NOT NULL DEFAULT 1,
            active_version TEXT,
            active_sha256 TEXT,
            updated_at INTEGER NOT NULL
        );
        CREATE TABLE channel_instances (
            id TEXT PRIMARY KEY,
            plugin_id TEXT NOT NULL,
            name TEXT NOT NULL,
            config TEXT NOT NULL,
            enabled INTEGER NOT NULL DEFAULT 1,
            binding_kind TEXT NOT NULL DEFAULT 'team',
            binding_ref TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE TABLE contacts (
            id TEXT PRIMARY KEY,
            display_name TEXT,
            attributes TEXT NOT NULL DEFAULT '{}',
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE TABLE contact_identities (
            kind TEXT NOT NULL,
            value TEXT NOT NULL,
            contact_id TEXT NOT NULL REFERENCES contacts(id),
            created_at INTEGER NOT NULL,
            PRIMARY KEY (kind, value)
        ) WITHOUT ROWID;
        CREATE INDEX contact_identities_contact ON contact_identities(contact_id);
        CREATE TABLE conversations (
            id TEXT PRIMARY KEY,
            contact_id TEXT NOT NULL REFERENCES contacts(id),
            channel_instance_id TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'active',
            engagement TEXT NOT NULL DEFAULT 'pending',
            assignee TEXT,
            agent_stack TEXT,
            priority TEXT NOT NULL DEFAULT 'normal',
            snoozed_until INTEGER,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            last_message_at INTEGER
        );
        CREATE INDEX conversations_contact ON conversations(contact_id, channel_instance_id, status);
        CREATE INDEX conversations_updated ON conversations(updated_at);
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            conversation_id TEXT NOT NULL REFERENCES conversations(id),
            direction TEXT NOT NULL,
            author_kind TEXT NOT NULL,
            author_id TEXT,
            channel_instance_id TEXT NOT NULL,
            text TEXT NOT NULL DEFAULT '',
            format TEXT NOT NULL DEFAULT 'plain',
            rich TEXT,
            attachments TEXT,
            provider_message_id TEXT,
            delivery_status TEXT NOT NULL,
            delivery_detail TEXT,
            created_at INTEGER NOT NULL,
            UNIQUE (channel_instance_id, provider_message_id)
        );
        CREATE INDEX messages_conversation ON messages(conversation_id, id);
        CREATE TABLE events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            conversation_id TEXT,
            type TEXT NOT NULL,
            actor TEXT NOT NULL,
            data TEXT NOT NULL DEFAULT '{}',
            created_at INTEGER NOT NULL
        );
        CREATE INDEX events_conversation ON events(conversation_id, id);
        CREATE TABLE outbox (
            message_id INTEGER PRIMARY KEY REFERENCES messages(id),
            conversation_id TEXT NOT NULL,
            state TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL,
            idempotency_key TEXT NOT NULL,
            last_error TEXT,
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX outbox_conversation ON outbox(conversation_id, state, message_id);
        CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
        CREATE TABLE plugin_state (
            instance_id TEXT NOT NULL,
            key TEXT NOT NULL,
            value BLOB NOT NULL,
            PRIMARY KEY (instance_id, key)
        ) WITHOUT ROWID;
        CREATE TABLE credentials (
            id TEXT PRIMARY KEY,
            secret TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            created_at INTEGER NOT NULL
        );
        CREATE TABLE api_keys (
            id TEXT PRIMARY KEY,
            key_hash TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            channel_instance_ids TEXT,
            created_at INTEGER NOT NULL,
            revoked_at INTEGER
        );
        """,
    ]

    static func migrate(_ db: SQLiteConnection) throws {
        let current = try db.queryOne("PRAGMA user_version") { Int($0.int(0)) } ?? 0
        guard current < migrations.count else { return }
        for version in current..<migrations.count {
            try db.transaction {
                try db.execute(migrations[version])
                try db.execute("PRAGMA user_version = \(version + 1)")
            }
        }
    }
}
