/// Schema migrations, applied in order; PRAGMA user_version records how many ran (on PostgreSQL,
/// the schema_migrations table: PostgresSchema translates each migration).
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
        // 2: the conversation workflow: lifecycle, tags, fields, people and access, routing, snippets, webhooks.
        """
        ALTER TABLE conversations ADD COLUMN team_id TEXT;
        ALTER TABLE conversations ADD COLUMN topic TEXT;
        ALTER TABLE conversations ADD COLUMN fields TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE conversations ADD COLUMN queued_at INTEGER;      -- waiting in team_id's queue since (no assignee)
        ALTER TABLE conversations ADD COLUMN assigned_at INTEGER;
        ALTER TABLE conversations ADD COLUMN routing_pending INTEGER NOT NULL DEFAULT 0;  -- needs humans, not routed yet
        CREATE INDEX conversations_routing_pending ON conversations(created_at) WHERE routing_pending = 1;
        CREATE INDEX conversations_team_queue ON conversations(team_id, queued_at) WHERE queued_at IS NOT NULL;
        CREATE INDEX conversations_assignee ON conversations(assignee, status);
        CREATE INDEX conversations_team ON conversations(team_id, updated_at);
        CREATE INDEX conversations_snoozed ON conversations(snoozed_until) WHERE status = 'snoozed';
        CREATE TABLE conversation_tags (
            conversation_id TEXT NOT NULL,
            tag TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (conversation_id, tag)
        ) WITHOUT ROWID;
        CREATE INDEX conversation_tags_tag ON conversation_tags(tag);

        -- Events addressed to one agent (a mention) carry its id: only that agent and admins see them.
        ALTER TABLE events ADD COLUMN agent_id TEXT;
        -- Agents brought into a conversation outside their teams (by a mention): they may see it.
        CREATE TABLE conversation_participants (
            agent_id TEXT NOT NULL,
            conversation_id TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (agent_id, conversation_id)
        ) WITHOUT ROWID;

        ALTER TABLE contacts ADD COLUMN merged_into TEXT;
        CREATE INDEX contacts_updated ON contacts(updated_at, id);
        CREATE INDEX contact_identities_value ON contact_identities(value);

        -- people-and-access:begin
        CREATE TABLE agents (
            id TEXT PRIMARY KEY,
            email TEXT NOT NULL UNIQUE COLLATE NOCASE,
            name TEXT NOT NULL,
            handle TEXT NOT NULL UNIQUE COLLATE NOCASE,   -- what @mentions use
            role TEXT NOT NULL,                           -- admin | agent
            password_hash TEXT,                           -- crypt(3) yescrypt string
            availability TEXT NOT NULL DEFAULT 'offline', -- online | away | offline
            capacity INTEGER NOT NULL DEFAULT 5,          -- active conversations at most
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            deactivated_at INTEGER
        );
        CREATE TABLE agent_skills (
            agent_id TEXT NOT NULL,
            skill TEXT NOT NULL,
            PRIMARY KEY (agent_id, skill)
        ) WITHOUT ROWID;
        CREATE TABLE agent_channels (
            agent_id TEXT NOT NULL,
            channel_instance_id TEXT NOT NULL,
            PRIMARY KEY (agent_id, channel_instance_id)
        ) WITHOUT ROWID;
        CREATE TABLE teams (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            strategy TEXT NOT NULL DEFAULT 'round_robin',  -- round_robin | capacity | skill | channel
            is_default INTEGER NOT NULL DEFAULT 0,         -- where conversations go when no routing rule matches
            is_escalation INTEGER NOT NULL DEFAULT 0,      -- where escalated conversations go
            last_assigned_agent TEXT,                      -- round-robin cursor
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE TABLE team_members (
            team_id TEXT NOT NULL,
            agent_id TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (team_id, agent_id)
        ) WITHOUT ROWID;
        CREATE INDEX team_members_agent ON team_members(agent_id);
        -- At most one default and one escalation team (the store also says so with a 409 first).
        CREATE UNIQUE INDEX teams_one_default ON teams(is_default) WHERE is_default = 1;
        CREATE UNIQUE INDEX teams_one_escalation ON teams(is_escalation) WHERE is_escalation = 1;
        CREATE TABLE sessions (
            token_hash TEXT PRIMARY KEY,
            agent_id TEXT NOT NULL,
            csrf_token TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            last_seen_at INTEGER NOT NULL
        );
        CREATE INDEX sessions_agent ON sessions(agent_id);
        ALTER TABLE api_keys ADD COLUMN agent_id TEXT;  -- a personal token acts as this agent
        CREATE INDEX api_keys_agent ON api_keys(agent_id) WHERE agent_id IS NOT NULL;
        -- people-and-access:end

        -- routing:begin
        CREATE TABLE routing_rules (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            position INTEGER NOT NULL,
            conditions TEXT NOT NULL,
            team_id TEXT NOT NULL,
            enabled INTEGER NOT NULL DEFAULT 1,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        -- routing:end

        -- snippets:begin
        CREATE TABLE snippets (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            body TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        -- snippets:end

        -- webhooks:begin
        CREATE TABLE webhook_subscriptions (
            id TEXT PRIMARY KEY,
            url TEXT NOT NULL,
            event_types TEXT NOT NULL,               -- JSON array of patterns: exact, "prefix.*" or "*"
            description TEXT NOT NULL DEFAULT '',
            secret TEXT NOT NULL,                    -- whsec_…: signs deliveries, so kept in clear (like credentials)
            owner_key_id TEXT,                       -- the API key that created it: integrators see only their own
            viewer_kind TEXT NOT NULL,               -- the creator's Viewer: everyone | agent | integrator
            viewer_ref TEXT NOT NULL DEFAULT '',     -- agent id, or a JSON array of channel instance ids
            enabled INTEGER NOT NULL DEFAULT 1,
            cursor INTEGER NOT NULL,                 -- highest event id handled: delivered, dead-lettered or not matching
            head_event_id INTEGER,                   -- the event the failed attempts below are for
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE TABLE webhook_dead_letters (
            subscription_id TEXT NOT NULL,
            event_id INTEGER NOT NULL,
            attempts INTEGER NOT NULL,
            status_code INTEGER,                     -- the receiver's last answer (null: no answer)
            last_error TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (subscription_id, event_id)
        ) WITHOUT ROWID;
        -- Events to send again (a replay of events at or below the cursor), in id order before newer ones.
        CREATE TABLE webhook_replays (
            subscription_id TEXT NOT NULL,
            event_id INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (subscription_id, event_id)
        ) WITHOUT ROWID;
        -- Recent attempts, for integrators to see what their endpoint answered; pruned per subscription.
        CREATE TABLE webhook_deliveries (
            id INTEGER PRIMARY KEY,
            subscription_id TEXT NOT NULL,
            event_id INTEGER NOT NULL,
            event_type TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            replay INTEGER NOT NULL DEFAULT 0,
            status_code INTEGER,
            error TEXT,
            duration_ms INTEGER NOT NULL,
            created_at INTEGER NOT NULL
        );
        CREATE INDEX webhook_deliveries_subscription ON webhook_deliveries(subscription_id, id);
        -- webhooks:end
        """,
        // 3: Agent Stacks: knowledge base (FTS5 passages), handbook procedures, stack definitions, usage ledger.
        """
        CREATE TABLE knowledge_collections (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE TABLE knowledge_articles (
            id TEXT PRIMARY KEY,
            collection_id TEXT NOT NULL REFERENCES knowledge_collections(id),
            title TEXT NOT NULL,
            body TEXT NOT NULL,                 -- Markdown
            tags TEXT NOT NULL DEFAULT '[]',
            source TEXT,                        -- where an import found it: importing it again updates it
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX knowledge_articles_collection ON knowledge_articles(collection_id, id);
        CREATE UNIQUE INDEX knowledge_articles_source ON knowledge_articles(collection_id, source) WHERE source IS NOT NULL;
        -- Retrieval answers with passages (a section of an article), not whole articles.
        CREATE TABLE knowledge_passages (
            id INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES knowledge_articles(id),
            position INTEGER NOT NULL,
            heading TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL
        );
        CREATE INDEX knowledge_passages_article ON knowledge_passages(article_id, position);
        -- rowid = knowledge_passages.id. The columns hold the host's own search terms (TextTokens.searchTerms:
        -- stopwords out, stemmed), so the per-term passage counts below count exactly what FTS5 matches.
        -- `collection` holds one token naming the collection (KnowledgeQuery.collectionToken): a search filters
        -- by collection inside the MATCH, without reading each matching row.
        CREATE VIRTUAL TABLE knowledge_fts USING fts5(title, heading, text, collection, tokenize = 'unicode61');
        -- How many passages contain each search term: a query plans around its common terms without counting them.
        CREATE TABLE knowledge_terms (
            term TEXT PRIMARY KEY,
            passages INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE procedures (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            topics TEXT NOT NULL DEFAULT '[]',  -- the topics it is the procedure for
            steps TEXT NOT NULL,                -- JSON array of strings
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE TABLE agent_stacks (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            definition TEXT NOT NULL,           -- the validated JSON definition
            version INTEGER NOT NULL DEFAULT 1, -- bumped by every change: compiled stacks are cached by it
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        -- One row per Agent Stack turn: the credits ledger, and the turn count the max_turns rule reads.
        CREATE TABLE stack_turns (
            id INTEGER PRIMARY KEY,
            stack_id TEXT NOT NULL,
            conversation_id TEXT NOT NULL,
            day TEXT NOT NULL,                  -- UTC YYYY-MM-DD
            outcome TEXT NOT NULL,              -- replied | handover | discarded
            reason TEXT,
            topic TEXT,
            confidence REAL,
            engine TEXT NOT NULL,
            tool_calls INTEGER NOT NULL DEFAULT 0,
            tokens INTEGER NOT NULL DEFAULT 0,
            credits INTEGER NOT NULL,
            duration_us INTEGER NOT NULL DEFAULT 0,
            answered_through INTEGER,           -- the last customer message id the turn answered
            created_at INTEGER NOT NULL
        );
        CREATE INDEX stack_turns_usage ON stack_turns(stack_id, day);
        CREATE INDEX stack_turns_conversation ON stack_turns(conversation_id, id);
        """,
        // 4: side conversations: private threads attached to a customer conversation, carried by a channel
        // instance that can (email), with their own participants and messages. Separate tables, so nothing
        // that reads or delivers a conversation's messages can ever show one to the customer.
        """
        CREATE TABLE side_conversations (
            id TEXT PRIMARY KEY,
            conversation_id TEXT NOT NULL REFERENCES conversations(id),
            channel_instance_id TEXT NOT NULL,  -- the transport: the instance that sends and receives it
            subject TEXT NOT NULL,
            participants TEXT NOT NULL,         -- JSON array of {address, name, role: to|cc, customer}
            created_by TEXT NOT NULL,           -- the actor who started it
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            last_message_at INTEGER
        );
        CREATE INDEX side_conversations_parent ON side_conversations(conversation_id, created_at);
        CREATE TABLE side_messages (
            id INTEGER PRIMARY KEY,
            side_conversation_id TEXT NOT NULL REFERENCES side_conversations(id),
            direction TEXT NOT NULL,            -- outbound (the team wrote it) | inbound (a participant)
            author_kind TEXT NOT NULL,          -- agent | participant
            author_id TEXT,                     -- the actor, or the participant's address
            author_name TEXT,
            channel_instance_id TEXT NOT NULL,
            text TEXT NOT NULL DEFAULT '',
            format TEXT NOT NULL DEFAULT 'plain',
            attachments TEXT,
            provider_message_id TEXT,
            delivery_status TEXT NOT NULL,      -- queued | sent | delivered | failed | received
            delivery_detail TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER,            -- while queued
            idempotency_key TEXT,
            created_at INTEGER NOT NULL,
            UNIQUE (channel_instance_id, provider_message_id)
        );
        CREATE INDEX side_messages_thread ON side_messages(side_conversation_id, id);
        CREATE INDEX side_messages_due ON side_messages(next_attempt_at) WHERE delivery_status = 'queued';
        """,
        // 5: live channels (web chat): files customers upload, served by the host under unguessable ids;
        // outbox entries that go ahead of older ones (a switch's notice precedes the replies that waited), and
        // entries a live channel showed but waits to see confirmed, which no longer hold later ones back.
        """
        CREATE TABLE files (
            id TEXT PRIMARY KEY,                -- random, unguessable: the URL is the capability
            channel_instance_id TEXT NOT NULL,  -- the instance that stored it
            name TEXT NOT NULL,
            content_type TEXT NOT NULL,
            size INTEGER NOT NULL,
            data BLOB NOT NULL,
            created_at INTEGER NOT NULL
        );
        ALTER TABLE outbox ADD COLUMN ahead INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE outbox ADD COLUMN shown INTEGER NOT NULL DEFAULT 0;  -- the customer has it on screen: it holds nothing back
        """,
        // 6: exclusive assets (ABI 1.3 claim_asset): a Page, an account, a number is served by one instance;
        // an instance that lost its asset to a take-over stays disabled with the reason.
        """
        CREATE TABLE asset_claims (
            kind TEXT NOT NULL,                 -- the plugin's word: facebook_page, instagram_account, ...
            asset_id TEXT NOT NULL,
            instance_id TEXT NOT NULL,
            config_field TEXT NOT NULL,         -- the configuration key that named it (for the operator's errors)
            claimed_at INTEGER NOT NULL,
            PRIMARY KEY (kind, asset_id)
        );
        CREATE INDEX asset_claims_instance ON asset_claims(instance_id);
        ALTER TABLE channel_instances ADD COLUMN disconnected_reason TEXT;
        """,
        // 7: reply windows are counted from the provider's time of the customer's last message; a
        // customer may unsend a message (its content goes, the row stays, marked).
        """
        ALTER TABLE messages ADD COLUMN sent_at INTEGER;
        ALTER TABLE messages ADD COLUMN deleted_at INTEGER;
        ALTER TABLE side_messages ADD COLUMN edited_at INTEGER;   -- a participant edited their reply (Slack)
        ALTER TABLE side_messages ADD COLUMN deleted_at INTEGER;  -- or deleted it: the content is gone, the row stays
        ALTER TABLE side_messages ADD COLUMN author_avatar_url TEXT;  -- the participant's picture (a host file URL)
        ALTER TABLE side_messages ADD COLUMN provider_link TEXT;      -- where a sent message is at the provider (a Slack permalink)
        CREATE TABLE switch_tickets (                -- switches the customer completes on the other side (m.me links)
            ticket_hash TEXT PRIMARY KEY,           -- sha256 of the ticket: the ticket itself is never stored
            conversation_id TEXT NOT NULL,
            target_kind TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            used_at INTEGER
        );
        """,
        // 8: files handed to a provider that fetches them (an MMS's MediaUrl) go by signed links that
        // expire: each file's link id (random, so such a link never reveals the file's own id) and the
        // host's secret keys (the HMAC key of those links), made on first use.
        """
        ALTER TABLE files ADD COLUMN link_id TEXT;
        CREATE UNIQUE INDEX files_link ON files(link_id);
        CREATE TABLE host_keys (
            name TEXT PRIMARY KEY,
            secret BLOB NOT NULL,
            created_at INTEGER NOT NULL
        );
        """,
        // ABI 1.3 message_edit: a customer edited a message they sent (Telegram); the text is replaced, marked.
        """
        ALTER TABLE messages ADD COLUMN edited_at INTEGER;
        """,
        // The response clock: when the team's answer to the customer's oldest unanswered message is due
        // (a channel's "response_due" in its manifest: Amazon's 24 hours), cleared when a reply goes out.
        // Sorted and filtered in the inbox: kept on the row, indexed only where set.
        """
        ALTER TABLE conversations ADD COLUMN response_due_at INTEGER;
        CREATE INDEX conversations_response_due ON conversations(response_due_at, id) WHERE response_due_at IS NOT NULL;
        """,
        // Agent Stack drafts: a channel instance bound to a stack in draft mode gets the stack's reply
        // as a draft people approve, edit or discard, instead of it going to the customer.
        """
        ALTER TABLE channel_instances ADD COLUMN stack_mode TEXT NOT NULL DEFAULT 'answer';  -- answer | draft
        CREATE TABLE stack_drafts (
            id INTEGER PRIMARY KEY,
            conversation_id TEXT NOT NULL,
            stack_id TEXT,                      -- NULL: written through REST by an integrator
            author TEXT NOT NULL,               -- stack:<id>, or the actor that created it
            text TEXT NOT NULL,
            format TEXT NOT NULL,
            confidence REAL,
            topic TEXT,
            passages TEXT NOT NULL DEFAULT '[]',  -- JSON: what retrieval found
            tools TEXT NOT NULL DEFAULT '[]',     -- JSON: the tools it called
            based_on INTEGER,                   -- the newest customer message it answers
            state TEXT NOT NULL,                -- pending | approved | edited | discarded | superseded
            decided_by TEXT,
            decided_at INTEGER,
            sent_message_id INTEGER,
            created_at INTEGER NOT NULL
        );
        CREATE INDEX stack_drafts_conversation ON stack_drafts(conversation_id, id);
        CREATE INDEX stack_drafts_pending ON stack_drafts(state, conversation_id);
        CREATE INDEX stack_drafts_usage ON stack_drafts(stack_id, created_at);
        """,
        // Account security: an agent's second factor (TOTP) and recovery codes, the sign-in step between
        // password and code, host-wide settings (who must use two factors), and the audit trail.
        """
        CREATE TABLE agent_totp (
            agent_id TEXT PRIMARY KEY,
            secret TEXT NOT NULL,               -- base32; codes are computed from it, so it cannot be hashed
            confirmed_at INTEGER,               -- NULL until the first code confirmed the enrolment
            last_step INTEGER NOT NULL DEFAULT -1,  -- the newest 30 s step a code was accepted for: none up to it again
            created_at INTEGER NOT NULL
        );
        CREATE TABLE recovery_codes (
            agent_id TEXT NOT NULL,
            code_hash TEXT NOT NULL,            -- sha256 (hex) of the code: the code is shown once, never stored
            used_at INTEGER,
            PRIMARY KEY (agent_id, code_hash)
        ) WITHOUT ROWID;
        CREATE TABLE sign_in_challenges (       -- a password that matched, waiting for its second factor
            token_hash TEXT PRIMARY KEY,        -- sha256 of the token the browser holds
            agent_id TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            failures INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE host_settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL,                -- JSON
            updated_at INTEGER NOT NULL
        );
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            actor TEXT NOT NULL,                -- agent:<id> | key:<id>
            action TEXT NOT NULL,               -- two_factor.reset, two_factor.policy, ...
            subject TEXT,                       -- what it was done to (agent:<id>, contact:<id>)
            detail TEXT NOT NULL DEFAULT '{}',  -- JSON
            created_at INTEGER NOT NULL
        );
        CREATE INDEX audit_log_subject ON audit_log(subject, id);
        """,
        // a customer's data on request: exports (a background job, an archive behind an expiring link),
        // erasure (the contact stays as an anonymous record), and integrator keys an admin allowed to ask for them.
        """
        CREATE TABLE contact_exports (
            id TEXT PRIMARY KEY,
            contact_id TEXT NOT NULL,
            requested_by TEXT NOT NULL,         -- the actor
            status TEXT NOT NULL,               -- queued | running | ready | failed | expired
            progress INTEGER NOT NULL DEFAULT 0, -- percent
            token TEXT,                         -- the download link's capability; gone with the archive
            archive_path TEXT,
            size INTEGER,
            error TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            expires_at INTEGER                  -- when ready: the link and the archive end then
        );
        CREATE INDEX contact_exports_status ON contact_exports(status, created_at);
        ALTER TABLE api_keys ADD COLUMN data_requests INTEGER NOT NULL DEFAULT 0;  -- an integrator key may export and erase contacts
        ALTER TABLE contacts ADD COLUMN erased_at INTEGER;                            -- personal data erased; the record stays
        ALTER TABLE conversations ADD COLUMN anonymized_at INTEGER;                   -- retention took its personal data; the record stays
        ALTER TABLE messages ADD COLUMN attachments_removed_at INTEGER;               -- retention removed its files; the message stays
        ALTER TABLE plugin_state ADD COLUMN expires_at INTEGER;                       -- ABI 1.3 kv_set_expiring: pruned from then on
        CREATE INDEX plugin_state_expiry ON plugin_state(expires_at) WHERE expires_at IS NOT NULL;
        CREATE TABLE erasure_notices (          -- plugins still to be told which identities were erased (retried until told)
            id INTEGER PRIMARY KEY,
            instance_id TEXT NOT NULL,
            data TEXT NOT NULL,                 -- the signal's JSON: identities, conversation and side conversation ids, attachment URLs
            created_at INTEGER NOT NULL
        );
        """,
        // Rotation: the value a key or a webhook secret had before its last rotation stays valid until then.
        """
        ALTER TABLE api_keys ADD COLUMN previous_key_hash TEXT;                       -- SHA-256 of the key before its rotation
        ALTER TABLE api_keys ADD COLUMN previous_expires_at INTEGER;                  -- the old key works until then
        CREATE INDEX api_keys_previous_hash ON api_keys(previous_key_hash) WHERE previous_key_hash IS NOT NULL;
        ALTER TABLE webhook_subscriptions ADD COLUMN previous_secret TEXT;            -- also signs deliveries until previous_secret_expires_at
        ALTER TABLE webhook_subscriptions ADD COLUMN previous_secret_expires_at INTEGER;
        """,
        // voice: IVR flows (one draft each, immutable revisions, a published pointer), hours schedules,
        // queues, and the state of each call by CallSid (a restart in mid-call loses nothing).
        """
        CREATE TABLE voice_flows (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            draft TEXT NOT NULL,                -- the flow definition being edited (JSON; may be invalid)
            published_revision INTEGER,         -- the revision new calls start on; NULL until published
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE TABLE voice_flow_revisions (
            flow_id TEXT NOT NULL REFERENCES voice_flows(id) ON DELETE CASCADE,
            number INTEGER NOT NULL,
            definition TEXT NOT NULL,           -- JSON, never edited
            sha256 TEXT NOT NULL,
            author TEXT NOT NULL,               -- the actor who published
            message TEXT,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (flow_id, number)
        );
        CREATE TABLE voice_schedules (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            time_zone TEXT NOT NULL,            -- IANA
            weekly TEXT NOT NULL,               -- JSON [{day, open, close}]
            holidays TEXT NOT NULL,             -- JSON [{date, name, open?, close?}]
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE TABLE voice_queues (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            team_id TEXT NOT NULL,
            hold_prompt TEXT,
            hold_music_url TEXT,
            announce_position INTEGER NOT NULL DEFAULT 0,
            max_wait_seconds INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE TABLE voice_calls (
            call_sid TEXT PRIMARY KEY,
            instance_id TEXT NOT NULL,
            flow_id TEXT NOT NULL,
            revision INTEGER NOT NULL,          -- pinned at the first step
            conversation_id TEXT NOT NULL,
            caller TEXT NOT NULL,
            state TEXT NOT NULL,                -- IVRCallState JSON (path included)
            seq INTEGER NOT NULL DEFAULT 0,     -- the last step answered
            last_answer TEXT,                   -- replayed for a repeated or late request of that step
            status TEXT NOT NULL,               -- in_progress | completed (or Twilio's final CallStatus)
            started_at INTEGER NOT NULL,
            ended_at INTEGER,
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX voice_calls_conversation ON voice_calls(conversation_id);
        CREATE INDEX voice_calls_flow ON voice_calls(flow_id, revision);
        """,
        // Voice queues: where agents answer calls, and each caller's place (live on hold or a callback).
        """
        ALTER TABLE agents ADD COLUMN phone TEXT;   -- E.164: the host dials it to bridge a queued caller
        ALTER TABLE agents ADD COLUMN sip TEXT;     -- sip:user@host, preferred over the phone when set
        CREATE TABLE voice_queue_entries (
            id TEXT PRIMARY KEY,
            queue_id TEXT NOT NULL,
            status TEXT NOT NULL,                   -- VoiceQueueEntryStatus
            call_sid TEXT,                          -- the live call that joined (callbacks keep it for the record)
            number TEXT NOT NULL,                   -- the caller (E.164): who a callback dials
            called_number TEXT,                     -- the number they dialled: a callback calls from it
            conversation_id TEXT,
            virtual_enqueued_at INTEGER NOT NULL,   -- the first time the caller joined: kept by callbacks and re-calls
            attempts INTEGER NOT NULL DEFAULT 0,
            max_attempts INTEGER NOT NULL,
            retry_delay_seconds INTEGER NOT NULL,
            next_attempt_at INTEGER,
            agent_id TEXT,
            schedule_id TEXT,                       -- a callback is placed only while this schedule is open
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX voice_queue_entries_queue ON voice_queue_entries(queue_id, status, virtual_enqueued_at);
        CREATE INDEX voice_queue_entries_number ON voice_queue_entries(number, status);
        CREATE UNIQUE INDEX voice_queue_entries_live_call ON voice_queue_entries(call_sid) WHERE status = 'waiting';
        """,
        // voice builder: walks saved from the simulator, run on publish (one failing blocks it).
        """
        CREATE TABLE voice_flow_tests (
            id TEXT PRIMARY KEY,
            flow_id TEXT NOT NULL REFERENCES voice_flows(id) ON DELETE CASCADE,
            test TEXT NOT NULL,                 -- JSON: name, now, mocks, inputs, expect
            created_at INTEGER NOT NULL
        );
        CREATE INDEX voice_flow_tests_flow ON voice_flow_tests(flow_id, created_at);
        """,
        // Notifications: rules (workspace, team and agent defaults), each agent's quiet hours, the stored
        // notifications (the bell, caught up after a reconnect), Web Push subscriptions and deliveries, and each
        // agent's read state of conversations.
        """
        CREATE TABLE notification_rules (
            scope TEXT NOT NULL,                -- workspace | team | agent
            scope_id TEXT NOT NULL DEFAULT '',  -- the team's or agent's id; '' for the workspace
            event TEXT NOT NULL,                -- assigned | mentioned | queued | customer_replied | handover | sla_at_risk | side_reply
            via TEXT NOT NULL,                  -- JSON array of app | push | email; empty: never
            while_offline INTEGER NOT NULL DEFAULT 0,  -- push and mail even while away or offline
            digest TEXT NOT NULL DEFAULT 'none',       -- e-mail: none (at once, batched) | hourly | daily
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (scope, scope_id, event)
        ) WITHOUT ROWID;
        CREATE TABLE notification_settings (
            agent_id TEXT PRIMARY KEY,
            time_zone TEXT NOT NULL DEFAULT 'UTC',   -- IANA (tzdata)
            quiet_start INTEGER,                -- minutes after local midnight; NULL: no quiet hours
            quiet_end INTEGER,
            updated_at INTEGER NOT NULL
        );
        CREATE TABLE notifications (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            agent_id TEXT NOT NULL,
            event_id INTEGER NOT NULL,          -- the event it tells of
            kind TEXT NOT NULL,
            conversation_id TEXT,
            title TEXT NOT NULL,
            body TEXT NOT NULL,
            in_app INTEGER NOT NULL,            -- shown in the notification centre
            created_at INTEGER NOT NULL,
            read_at INTEGER,
            UNIQUE (agent_id, event_id, kind)
        );
        CREATE INDEX notifications_agent ON notifications(agent_id, in_app, id);
        CREATE TABLE push_subscriptions (
            id TEXT PRIMARY KEY,
            agent_id TEXT NOT NULL,
            endpoint TEXT NOT NULL UNIQUE,
            p256dh TEXT NOT NULL,               -- base64url, 65-byte uncompressed point
            auth TEXT NOT NULL,                 -- base64url, 16 bytes
            created_at INTEGER NOT NULL
        );
        CREATE INDEX push_subscriptions_agent ON push_subscriptions(agent_id);
        CREATE TABLE notification_deliveries (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            notification_id INTEGER NOT NULL,
            channel TEXT NOT NULL,              -- push | email
            target TEXT NOT NULL,               -- push: the subscription's id; email: now | hourly | daily
            idempotency_key TEXT NOT NULL UNIQUE,  -- <notification>:<channel>:<target>: once per rule and device
            status TEXT NOT NULL,               -- pending | sent | failed | dropped
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL,
            last_error TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX notification_deliveries_due ON notification_deliveries(status, next_attempt_at);
        CREATE TABLE conversation_reads (       -- read state: the newest message each agent has seen in a conversation
            agent_id TEXT NOT NULL,
            conversation_id TEXT NOT NULL,
            last_seen_message_id INTEGER NOT NULL,  -- 0: marked unread by hand
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (agent_id, conversation_id)
        ) WITHOUT ROWID;
        """,
        // Service-level policies, and each conversation's clock under them. The due time of the
        // running target stays in response_due_at (one mechanism with the channels' response time);
        // sla_paused_ms holds the counted time left while snoozed; sla_alert_at is when the sweep
        // next looks (at risk, then missed), NULL once both were announced.
        """
        CREATE TABLE sla_policies (
            id TEXT PRIMARY KEY,
            position INTEGER NOT NULL,
            definition TEXT NOT NULL,           -- JSON, as accepted by POST/PUT /api/v1/sla/policies
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        ALTER TABLE conversations ADD COLUMN sla_policy_id TEXT;      -- a policy id, or channel:<plugin> for a channel's own time
        ALTER TABLE conversations ADD COLUMN sla_target TEXT;         -- first_response | next_response
        ALTER TABLE conversations ADD COLUMN sla_state TEXT;          -- ok | at_risk | missed
        ALTER TABLE conversations ADD COLUMN sla_paused_ms INTEGER;
        ALTER TABLE conversations ADD COLUMN sla_alert_at INTEGER;
        CREATE INDEX conversations_sla_alert ON conversations(sla_alert_at) WHERE sla_alert_at IS NOT NULL;
        """,
        // Triage: how sure the classifier was of the topic it set (NULL: a person or a stack set it),
        // and the inbox's topic filter.
        """
        ALTER TABLE conversations ADD COLUMN topic_confidence REAL;
        CREATE INDEX conversations_topic ON conversations(topic, updated_at) WHERE topic IS NOT NULL;
        """,
        // Voice queues: an agent rung for a place who did not answer is not rung for it again
        // (the dispatcher tries the team's next agent).
        """
        CREATE TABLE voice_agent_misses (
            entry_id TEXT NOT NULL,
            agent_id TEXT NOT NULL,
            status TEXT NOT NULL,                   -- busy | no_answer | failed | canceled
            missed_at INTEGER NOT NULL,
            PRIMARY KEY (entry_id, agent_id)
        );
        -- AI turns on the phone: each answered turn's answer, so a provider's retry replays it and a
        -- restarted host keeps the call's turn count.
        CREATE TABLE voice_agent_turns (
            call_sid TEXT NOT NULL,
            turn INTEGER NOT NULL,
            answer TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (call_sid, turn)
        );
        """,
        // Several hosts: leases for work one host does at a time (name, owner host, fencing token
        // bumped at each change of owner, expiry in ms), and failed sign-ins kept where every host
        // and a restarted one see them (one row per failure, pruned past the window).
        """
        CREATE TABLE leases (
            name TEXT PRIMARY KEY,
            owner TEXT NOT NULL,
            token INTEGER NOT NULL,
            expires_at INTEGER NOT NULL
        );
        CREATE TABLE sign_in_failures (
            id INTEGER PRIMARY KEY,
            throttle_key TEXT NOT NULL,         -- email:<address> | ip:<client address>
            failed_at INTEGER NOT NULL
        );
        CREATE INDEX sign_in_failures_key ON sign_in_failures(throttle_key, failed_at);
        CREATE INDEX sign_in_failures_age ON sign_in_failures(failed_at);
        """,
        // Resolution targets: a second service-level clock per conversation, independent of the
        // response clock (same meanings: due time, paused counted time left, state, next sweep look).
        // Triage's second opinion: which classifier set the topic, and the durable jobs asking the
        // chat-completions engine after ingest committed (retried with backoff, never inside ingest).
        """
        ALTER TABLE conversations ADD COLUMN resolution_due_at INTEGER;
        ALTER TABLE conversations ADD COLUMN resolution_policy_id TEXT;
        ALTER TABLE conversations ADD COLUMN resolution_state TEXT;     -- ok | at_risk | missed
        ALTER TABLE conversations ADD COLUMN resolution_paused_ms INTEGER;
        ALTER TABLE conversations ADD COLUMN resolution_alert_at INTEGER;
        CREATE INDEX conversations_resolution_alert ON conversations(resolution_alert_at) WHERE resolution_alert_at IS NOT NULL;
        ALTER TABLE conversations ADD COLUMN topic_classifier TEXT;     -- builtin | engine; NULL: a person or a stack set it
        UPDATE conversations SET topic_classifier = 'builtin' WHERE topic_confidence IS NOT NULL;
        CREATE TABLE triage_jobs (
            message_id INTEGER PRIMARY KEY,     -- the customer message to classify
            conversation_id TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL,
            last_error TEXT,
            created_at INTEGER NOT NULL
        );
        CREATE INDEX triage_jobs_due ON triage_jobs(next_attempt_at);
        """,
        // A reply sent through one channel instance whatever the conversation's channel (a voice
        // flow's text while the call stays on the phone). NULL: the conversation's channel when it goes.
        """
        ALTER TABLE outbox ADD COLUMN via_instance_id TEXT;
        """,
        // The event feed's head on PostgreSQL (PostgresSchema.replacements, FeedHead): events get their
        // ids at commit there. Nothing on SQLite, whose single writer already numbers them densely in commit order.
        """
        -- feed_head: PostgreSQL only
        """,
        // The outbox by conversation lane, for several hosts on one database: a host claims a lane
        // (owner, fencing token bumped at each claim, lease end in database-clock ms) and sends only
        // its head; next_due_at is when the lane has something to send (NULL: nothing pending).
        // Rows stay once made, so tokens only grow. Filled from the replies already queued.
        """
        CREATE TABLE outbox_lanes (
            conversation_id TEXT PRIMARY KEY,
            lease_owner TEXT,
            lease_token INTEGER NOT NULL DEFAULT 0,
            lease_until INTEGER NOT NULL DEFAULT 0,
            next_due_at INTEGER
        );
        CREATE INDEX outbox_lanes_due ON outbox_lanes(next_due_at);
        INSERT INTO outbox_lanes (conversation_id, next_due_at)
            SELECT conversation_id, MIN(next_attempt_at) FROM outbox WHERE state = 'pending' GROUP BY conversation_id;
        """,
    ]

    static func migrate(_ db: StoreConnection) throws {
        if db.dialect == .postgres { return try PostgresSchema.migrate(db, migrations) }
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
