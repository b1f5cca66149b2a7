import Foundation
import MetaFake
import SwitchboardSupport

/// Meta, sending one Page's Messenger webhooks to several hosts behind a load balancer without
/// sticky sessions: each customer's messages carry a sequence number and go out one after another
/// (the next only once the previous is acknowledged), round-robin over the hosts. What is not
/// answered 200 (a dead host, a database restart) is sent again, with the same signed body, to
/// the next host, as Meta retries. Every `duplicateEvery`-th message is sent a second time to
/// another host after its acknowledgement: a provider's retry that crosses an acknowledgement.
final class RoundRobinSender: @unchecked Sendable {
    struct Acknowledged {
        let mid: String
        let customer: Int
        let sequence: Int
        /// Hosts (indexes) tried, in order; the last answered 200.
        let hosts: [Int]
        let duplicate: Bool
    }

    let graph: FakeGraphAPI
    let ports: [UInt16]
    let hookPath: String
    let appSecret: String
    let pageID: String
    let acknowledged = Locked<[Acknowledged]>([])
    /// Messages given up on at the deadline (never acknowledged).
    let abandoned = Locked<[String]>([])
    /// Non-200 answers and transport errors seen, by kind, for the report.
    let refusals = Locked<[String: Int]>([:])
    private let turn = Locked(0)

    init(graph: FakeGraphAPI, ports: [UInt16], hookPath: String, appSecret: String, pageID: String) {
        (self.graph, self.ports, self.hookPath, self.appSecret, self.pageID) = (graph, ports, hookPath, appSecret, pageID)
    }

    static func mid(customer: Int, sequence: Int) -> String { "m.c\(customer).s\(sequence)" }
    static func customerID(_ customer: Int) -> String { "psid-\(customer)" }
    static func text(customer: Int, sequence: Int) -> String { "customer \(customer) seq \(sequence)" }

    /// First-time acknowledgements so far (duplicates not counted).
    var acknowledgedCount: Int { acknowledged.withLock { $0.filter { !$0.duplicate }.count } }

    /// Sends every message of `customers` customers (`messagesEach` each) from `threads` threads,
    /// each thread owning a share of the customers and sending sequence 1 of all of them, then 2, …
    /// Returns when all are acknowledged or the deadline passed.
    func run(customers: Int, messagesEach: Int, duplicateEvery: Int, threads: Int, deadline: Date) {
        let done = DispatchGroup()
        for thread in 0..<threads {
            done.enter()
            Thread { [self] in
                defer { done.leave() }
                for sequence in 1...messagesEach {
                    for customer in stride(from: thread, to: customers, by: threads) {
                        let mid = Self.mid(customer: customer, sequence: sequence)
                        guard send(customer: customer, sequence: sequence, mid: mid, duplicate: false, deadline: deadline) else {
                            abandoned.withLock { $0.append(mid) }
                            continue
                        }
                        if (customer * messagesEach + sequence) % duplicateEvery == 0 {
                            _ = send(customer: customer, sequence: sequence, mid: mid, duplicate: true, deadline: deadline)
                        }
                    }
                }
            }.start()
        }
        done.wait()
    }

    /// One message until a host answers 200 (true) or the deadline passes (false). A duplicate
    /// starts on another host than the one that acknowledged the original.
    private func send(customer: Int, sequence: Int, mid: String, duplicate: Bool, deadline: Date) -> Bool {
        let event = MetaPayloads.text(from: Self.customerID(customer), to: pageID, mid: mid,
                                      text: Self.text(customer: customer, sequence: sequence), timestampMs: Int64(Date().timeIntervalSince1970 * 1000))
        let body = MetaPayloads.messengerBatch([(pageID: pageID, events: [event])])
        var host = turn.withLock { t -> Int in t += 1; return t % ports.count }
        if duplicate, let original = acknowledged.withLock({ $0.last { $0.mid == mid } })?.hosts.last, host == original {
            host = (host + 1) % ports.count
        }
        var tried: [Int] = []
        while Date() < deadline {
            tried.append(host)
            do {
                let answer = try graph.postWebhook(body, to: "http://127.0.0.1:\(ports[host])" + hookPath, appSecret: appSecret, timeoutMs: 5000)
                if answer.status == 200 {
                    acknowledged.withLock { $0.append(Acknowledged(mid: mid, customer: customer, sequence: sequence, hosts: tried, duplicate: duplicate)) }
                    return true
                }
                refusals.withLock { $0["status \(answer.status)", default: 0] += 1 }
            } catch {
                refusals.withLock { $0["no answer", default: 0] += 1 }
            }
            // Meta backs off before retrying; the next attempt goes wherever the balancer sends it.
            usleep(useconds_t(min(50_000 * tried.count, 500_000)))
            host = (host + 1) % ports.count
        }
        return false
    }
}
