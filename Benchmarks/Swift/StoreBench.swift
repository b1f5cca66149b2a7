import SwitchboardDomain
import SwitchboardSupport
#if canImport(Glibc)
import Glibc
#endif

/// `store:` durable ingest without HTTP or plugins: `threads` callers of Store.ingest (each
/// blocks until its group commits, as a webhook handler does), 1 KB messages from `customers`
/// customers, durability FULL. Separates the storage cost from the rest of the ingest path.
/// `messages`: a fixed load instead (each thread stores its share, whatever the time), for
/// instruction counts under callgrind. "wal" is the frames (pages) commits appended to the WAL.
enum StoreBench {
    static func run(seconds: Double, threads: Int, customers: Int, messages: Int? = nil) throws {
        let directory = scratchDirectory()
        let store = try Store(path: directory + "/bench.sqlite", durability: .full)
        defer { store.close() }
        let text = String(repeating: "x", count: 900)
        let counts = Locked([Int](repeating: 0, count: threads))
        let running = Locked(true)
        let finished = Locked(0)
        let deadline = messages == nil ? Clock.monotonicNanos() + UInt64(seconds * 1e9) : UInt64.max
        let share = messages.map { ($0 + threads - 1) / threads } ?? Int.max
        let statsBefore = store.commitStats   // the migrations' frames are not the load's
        let writerBefore = threadTicks(named: "store-writer"), processBefore = processTicks()
        let start = Clock.monotonicNanos()
        for t in 0..<threads {
            startThread(name: "bench-\(t)") {
                var i = 0
                while running.withLock({ $0 }) && Clock.monotonicNanos() < deadline && i < share {
                    let message = InboundMessage(channelInstanceID: "bench", identity: Identity(kind: "api", value: "cust-\((t * 7919 + i) % customers)"),
                                                 providerMessageID: "t\(t)-\(i)", text: text)
                    if (try? store.ingest(message)) != nil { counts.withLock { $0[t] += 1 } }
                    i += 1
                }
                finished.withLock { $0 += 1 }
            }
        }
        while finished.withLock({ $0 }) < threads { Clock.sleep(milliseconds: 20) }
        let elapsed = Double(Clock.monotonicNanos() - start) / 1e9
        let stored = counts.withLock { $0.reduce(0, +) }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let writerUs = Double(threadTicks(named: "store-writer") - writerBefore) / ticks * 1e6 / Double(max(1, stored))
        let processUs = Double(processTicks() - processBefore) / ticks * 1e6 / Double(max(1, stored))
        let stats = store.commitStats
        let group = Double(stats.writes) / Double(max(1, stats.commits))
        let pages = Double(stats.walFrames - statsBefore.walFrames) / Double(max(1, stats.writes - statsBefore.writes))
        print("store: \(Int(Double(stored) / elapsed)) msg/s writer cpu \(format(writerUs, 1)) us/msg process cpu \(format(processUs, 1)) us/msg "
              + "group \(format(group, 1)) wal \(format(pages, 2)) pages/msg \(Int(pages * 4120)) bytes/msg threads \(threads) customers \(customers)")
    }

    /// utime + stime of this process's threads with that name (clock ticks).
    static func threadTicks(named name: String) -> Int {
        FileSystem.list("/proc/self/task").reduce(0) { total, tid in
            guard FileSystem.readText("/proc/self/task/\(tid)/comm")?.trimmingASCIIWhitespace() == name,
                  let stat = FileSystem.readText("/proc/self/task/\(tid)/stat") else { return total }
            return total + cpuTicks(stat)
        }
    }

    static func processTicks() -> Int { FileSystem.readText("/proc/self/stat").map(cpuTicks) ?? 0 }

    /// Fields 14 and 15 of a /proc stat line, counted after the parenthesised command name.
    static func cpuTicks(_ stat: String) -> Int {
        guard let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Int(fields[11]), let system = Int(fields[12]) else { return 0 }
        return user + system
    }
}
