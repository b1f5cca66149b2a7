import CPostgres
import CSQLite
import SwitchboardSupport

extension Row {
    /// Every column by its name, as JSON: numbers, text, null; `jsonColumns` hold JSON text and are
    /// parsed; blobs are left out (files travel as files). For records handed over whole (exports).
    func jsonObject(parsing jsonColumns: Set<String> = []) -> JSONObject {
        var object = JSONObject()
        for column in 0..<columnCount {
            let name = columnName(column)
            switch columnKind(column) {
            case .null: object[name] = .null
            case .integer: object[name] = .number(Double(int(column)))
            case .real: object[name] = .number(double(column))
            case .blob: continue
            case .text:
                let value = text(column)
                object[name] = jsonColumns.contains(name) ? ((try? JSON.parse(value)) ?? .string(value)) : .string(value)
            }
        }
        return object
    }

    private enum Kind { case null, integer, real, text, blob }

    private var columnCount: Int32 {
        switch source {
        case .sqlite(let statement): sqlite3_column_count(statement.raw)
        case .postgres(let result, _): PQnfields(result.raw)
        }
    }

    private func columnName(_ column: Int32) -> String {
        switch source {
        case .sqlite(let statement): String(cString: sqlite3_column_name(statement.raw, column))
        case .postgres(let result, _): String(cString: PQfname(result.raw, column))
        }
    }

    private func columnKind(_ column: Int32) -> Kind {
        if isNull(column) { return .null }
        switch source {
        case .sqlite(let statement):
            switch sqlite3_column_type(statement.raw, column) {
            case SQLITE_INTEGER: return .integer
            case SQLITE_FLOAT: return .real
            case SQLITE_BLOB: return .blob
            default: return .text
            }
        case .postgres(let result, _):
            switch PQftype(result.raw, column) {
            case 20, 21, 23: return .integer      // int8, int2, int4
            case 700, 701, 1700: return .real     // float4, float8, numeric
            case 17: return .blob                 // bytea
            default: return .text
            }
        }
    }
}
