import CSQLite
import SwitchboardSupport

extension Row {
    /// Every column by its name, as JSON: numbers, text, null; `jsonColumns` hold JSON text and are
    /// parsed; blobs are left out (files travel as files). For records handed over whole (exports).
    func jsonObject(parsing jsonColumns: Set<String> = []) -> JSONObject {
        var object = JSONObject()
        for column in 0..<sqlite3_column_count(statement.raw) {
            let name = String(cString: sqlite3_column_name(statement.raw, column))
            switch sqlite3_column_type(statement.raw, column) {
            case SQLITE_NULL: object[name] = .null
            case SQLITE_INTEGER: object[name] = .number(Double(int(column)))
            case SQLITE_FLOAT: object[name] = .number(double(column))
            case SQLITE_BLOB: continue
            default:
                let value = text(column)
                object[name] = jsonColumns.contains(name) ? ((try? JSON.parse(value)) ?? .string(value)) : .string(value)
            }
        }
        return object
    }
}
