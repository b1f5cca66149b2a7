import Foundation
import SwitchboardDomain

/// Every write to the `leases` table of a PostgreSQL store, recorded by a trigger the test installs
/// (test_lease_history: the row before and after, and the database clock at the write). Writes to
/// one lease row are serialized by its row lock, so per lease the history is in commit order.
/// From it: the holding intervals of each token, which must never overlap, and how long a dead
/// host's leases took to change hands.
struct LeaseHistory {
    struct Write {
        let name: String
        let owner: String
        let token: Int64
        let expiresAt: Int64
        let atMs: Int64
    }

    /// One owner's term: from the write that took the token to the last expiry written under it.
    struct Term {
        let name: String
        let owner: String
        let token: Int64
        let from: Int64
        var until: Int64
    }

    let writes: [Write]

    static func install(on db: StoreConnection) throws {
        try db.execute("""
            CREATE TABLE IF NOT EXISTS test_lease_history (
                seq BIGSERIAL PRIMARY KEY, name TEXT NOT NULL, owner TEXT NOT NULL, token BIGINT NOT NULL,
                expires_at BIGINT NOT NULL, at_ms BIGINT NOT NULL);
            CREATE OR REPLACE FUNCTION test_record_lease() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO test_lease_history (name, owner, token, expires_at, at_ms)
                VALUES (NEW.name, NEW.owner, NEW.token, NEW.expires_at, (extract(epoch FROM clock_timestamp()) * 1000)::bigint);
                RETURN NEW;
            END $$;
            DROP TRIGGER IF EXISTS test_lease_history ON leases;
            CREATE TRIGGER test_lease_history AFTER INSERT OR UPDATE ON leases FOR EACH ROW EXECUTE FUNCTION test_record_lease();
            """)
    }

    static func read(from db: StoreConnection) throws -> LeaseHistory {
        LeaseHistory(writes: try db.query("SELECT name, owner, token, expires_at, at_ms FROM test_lease_history ORDER BY seq") {
            Write(name: $0.text(0), owner: $0.text(1), token: $0.int(2), expiresAt: $0.int(3), atMs: $0.int(4))
        })
    }

    /// Terms per lease, in order. A write under a token already seen with another owner is a
    /// violation (two owners under one token): it is returned in `problems`.
    func terms() -> (terms: [String: [Term]], problems: [String]) {
        var terms: [String: [Term]] = [:], problems: [String] = []
        for write in writes {
            var list = terms[write.name, default: []]
            if var current = list.last, current.token == write.token {
                if current.owner != write.owner {
                    problems.append("\(write.name): token \(write.token) written by \(current.owner) and by \(write.owner)")
                }
                // A release writes expiry 0: the term ends at that write.
                current.until = write.expiresAt == 0 ? write.atMs : write.expiresAt
                list[list.count - 1] = current
            } else {
                if let current = list.last, write.token < current.token {
                    problems.append("\(write.name): token went back from \(current.token) to \(write.token)")
                }
                list.append(Term(name: write.name, owner: write.owner, token: write.token, from: write.atMs, until: write.expiresAt))
            }
            terms[write.name] = list
        }
        return (terms, problems)
    }

    /// Pairs of consecutive terms of one lease that overlap in time: the later owner took it
    /// before the earlier one's last written expiry (beyond `toleranceMs` of clock granularity).
    func overlaps(toleranceMs: Int64 = 5) -> [String] {
        var found = terms().problems
        for (name, list) in terms().terms {
            for (earlier, later) in zip(list, list.dropFirst()) where later.from + toleranceMs < earlier.until {
                found.append("\(name): \(later.owner) took token \(later.token) at \(later.from), "
                             + "but \(earlier.owner)'s token \(earlier.token) ran until \(earlier.until)")
            }
        }
        return found
    }

    /// The leases `owner` held at `atMs`, and for each how long after `atMs` another owner took it
    /// (nil: nobody took it over in the history).
    func takeovers(from owner: String, at atMs: Int64) -> [(name: String, afterMs: Int64?)] {
        terms().terms.compactMap { name, list in
            guard let held = list.last(where: { $0.from <= atMs }), held.owner == owner, held.until > atMs else { return nil }
            let next = list.first { $0.token > held.token }
            return (name, next.map { $0.from - atMs })
        }.sorted { $0.name < $1.name }
    }
}
