/*
** sqlite_ceiling.c -- the storage ceiling for scripts/bench: raw batched inserts of ~1 KB rows into
** an SQLite database in WAL mode with synchronous=FULL, one prepared statement, BATCH rows per
** transaction. No application work: what the disk and SQLite allow for durable commits.
**
** usage: sqlite_ceiling DBPATH SECONDS BATCH
** prints: "rows N commits C seconds S"
*/
#define _POSIX_C_SOURCE 200809L
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void check(int rc, sqlite3 *db, const char *what)
{
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        fprintf(stderr, "sqlite_ceiling: %s: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

int main(int argc, char **argv)
{
    if (argc != 4) { fprintf(stderr, "usage: sqlite_ceiling DBPATH SECONDS BATCH\n"); return 2; }
    double seconds = atof(argv[2]);
    int batch = atoi(argv[3]);
    sqlite3 *db;
    check(sqlite3_open(argv[1], &db), db, "open");
    check(sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA wal_autocheckpoint=4000;"
                           "CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY, conversation_id TEXT NOT NULL,"
                           " provider_message_id TEXT NOT NULL, text TEXT NOT NULL, created_at INTEGER NOT NULL,"
                           " UNIQUE (conversation_id, provider_message_id))", 0, 0, 0), db, "schema");
    sqlite3_stmt *insert;
    check(sqlite3_prepare_v2(db, "INSERT INTO messages (conversation_id, provider_message_id, text, created_at) VALUES (?, ?, ?, ?)",
                             -1, &insert, 0), db, "prepare");
    char text[901];
    memset(text, 'x', 900);
    text[900] = 0;
    long rows = 0, commits = 0;
    double start = now(), elapsed = 0;
    while ((elapsed = now() - start) < seconds) {
        check(sqlite3_exec(db, "BEGIN IMMEDIATE", 0, 0, 0), db, "begin");
        for (int i = 0; i < batch; i++, rows++) {
            char conversation[32], id[32];
            snprintf(conversation, sizeof conversation, "cnv_%ld", rows % 1000);
            snprintf(id, sizeof id, "m-%ld", rows);
            sqlite3_bind_text(insert, 1, conversation, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(insert, 2, id, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(insert, 3, text, 900, SQLITE_STATIC);
            sqlite3_bind_int64(insert, 4, (sqlite3_int64)rows);
            check(sqlite3_step(insert), db, "insert");
            sqlite3_reset(insert);
        }
        check(sqlite3_exec(db, "COMMIT", 0, 0, 0), db, "commit");
        commits++;
    }
    printf("rows %ld commits %ld seconds %.3f\n", rows, commits, elapsed);
    sqlite3_finalize(insert);
    sqlite3_close(db);
    return 0;
}
