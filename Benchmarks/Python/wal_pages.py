# Which pages an inbound message dirties (docs/architecture.md, "Performance"): replays the statements
# Store.ingest runs for a known customer continuing their conversation (Host/Domain/Conversations/
# Ingest.swift: message, conversation update, message.received event) on an empty store with the schema
# of STORE (any store the host made: its tables and indexes), in group commits, and prints WAL frames
# per message over the second half of the load. VARIANT: base; no-events-conv, no-messages-conv,
# no-conv-updated, no-conv-team (that index dropped: what it costs); pageN (page size N bytes).
# usage: python3 Benchmarks/Python/wal_pages.py STORE VARIANT [customers 1000] [messages 40000] [group 20]
import sqlite3, sys, os, random, shutil, tempfile
schema_db, variant = sys.argv[1], sys.argv[2]
customers = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
messages = int(sys.argv[4]) if len(sys.argv) > 4 else 40000
group = int(sys.argv[5]) if len(sys.argv) > 5 else 20
d = tempfile.mkdtemp()
path = d + "/s.sqlite"
src = sqlite3.connect(schema_db)
ddl = [r[0] for r in src.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid")]
db = sqlite3.connect(path, isolation_level=None)
if variant.startswith("page"):
    db.execute(f"PRAGMA page_size={int(variant[4:])}")
db.execute("PRAGMA journal_mode=WAL"); db.execute("PRAGMA synchronous=NORMAL"); db.execute("PRAGMA wal_autocheckpoint=0")
db.execute("PRAGMA cache_size=-16384")
for statement in ddl:
    try:
        db.execute(statement)
    except sqlite3.OperationalError as error:   # a full-text table's shadow tables come with it
        if "already exists" not in str(error): raise
drop = {"no-events-conv": "DROP INDEX events_conversation", "no-messages-conv": "DROP INDEX messages_conversation",
        "no-conv-updated": "DROP INDEX conversations_updated", "no-conv-team": "DROP INDEX conversations_team"}
if variant in drop: db.execute(drop[variant])
db.execute("PRAGMA foreign_keys=OFF")
now = 1_700_000_000_000
convs = []
db.execute("BEGIN")
for c in range(customers):
    ct = f"ct_{c:026d}"; cv = f"cnv_{random.getrandbits(100):030x}"
    db.execute("INSERT INTO contacts (id, display_name, created_at, updated_at) VALUES (?, NULL, ?, ?)", (ct, now, now))
    db.execute("INSERT INTO conversations (id, contact_id, channel_instance_id, status, engagement, created_at, updated_at) VALUES (?, ?, 'bench', 'active', 'pending', ?, ?)", (cv, ct, now, now))
    convs.append((cv, ct))
db.execute("COMMIT")
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
text = "x" * 900
def wal_frames():
    try: return (os.path.getsize(path + "-wal") - 32) // (db.execute("PRAGMA page_size").fetchone()[0] + 24)
    except FileNotFoundError: return 0
warm = messages // 2
base = None
i = 0
while i < messages:
    if i >= warm and base is None:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)"); base = (wal_frames(), i)
    db.execute("BEGIN IMMEDIATE")
    for _ in range(group):
        cv, ct = convs[random.randrange(customers)]
        now += 1
        db.execute("""INSERT INTO messages (conversation_id, direction, author_kind, author_id, channel_instance_id, text, format,
                                  rich, attachments, provider_message_id, delivery_status, created_at, sent_at)
            VALUES (?, 'inbound', 'customer', ?, 'bench', ?, 'plain', NULL, NULL, ?, 'received', ?, NULL) ON CONFLICT DO NOTHING""",
                   (cv, ct, text, f"t{i % 2}-{i}", now))
        mid = db.execute("SELECT last_insert_rowid()").fetchone()[0]
        db.execute("UPDATE conversations SET engagement = ?, last_message_at = ?, updated_at = ?, agent_stack = COALESCE(agent_stack, ?) WHERE id = ?",
                   ("pending", now, now, None, cv))
        db.execute("INSERT INTO events (conversation_id, type, actor, data, created_at, agent_id) VALUES (?, ?, ?, ?, ?, ?)",
                   (cv, "message.received", "customer", '{"message_id":%d,"channel_instance_id":"bench"}' % mid, now, None))
        i += 1
    db.execute("COMMIT")
frames = wal_frames() - base[0]
print(f"{variant}: {frames / (messages - base[1]):.2f} pages/msg (customers {customers}, group {group}, messages {messages - base[1]} after {base[1]})")
shutil.rmtree(d)
