/// The database's own clock, in Unix milliseconds (`SQLDialect.nowMillis`): hosts sharing one
/// database compare lease times against one clock, whatever their own clocks say.
extension StoreConnection {
    /// The database's time now, in Unix milliseconds.
    func databaseNowMillis() throws -> Int64 {
        try queryOne("SELECT " + dialect.nowMillis) { $0.int(0) } ?? 0
    }
}
