import GRDB
import GRDBSQLite

/// Binds and steps one of GRDB's cached INSERT statements through its SQLite handle, for the catalog's
/// bulk rows: ingest writes some seventy metadata rows per photograph, and GRDB's general argument path
/// (boxing each value as `DatabaseValueConvertible`, copying it into a `DatabaseValue`, validating the
/// argument count) cost more than SQLite's own insert. The statement is reset before and after each row, so
/// GRDB finds it as it left it.
struct BulkRows {
    private let statement: Statement
    private let handle: SQLiteStatement
    private let connection: SQLiteConnection?

    /// The cached statement for `sql`, which must take only `?` parameters and return no rows.
    init(_ db: Database, sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
        handle = statement.sqliteStatement
        connection = db.sqliteConnection
    }

    /// One value of a row, bound in parameter order.
    enum Value {
        case integer(Int64)
        case text(String)
        case null
    }

    /// Inserts one row: `values` bound to the statement's parameters in order.
    func insert(_ values: Value...) throws {
        sqlite3_reset(handle)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case let .integer(number): code = sqlite3_bind_int64(handle, index, number)
            case let .text(text):
                // SQLITE_TRANSIENT: SQLite copies the text, so the C string need only live for the call.
                code = text.withCString { sqlite3_bind_text(handle, index, $0, -1, Self.transient) }
            case .null: code = sqlite3_bind_null(handle, index)
            }
            try check(code, expected: SQLITE_OK)
        }
        let stepped = sqlite3_step(handle)
        defer { sqlite3_reset(handle) }  // after `check`, which reads the connection's message first
        try check(stepped, expected: SQLITE_DONE)
    }

    private func check(_ code: Int32, expected: Int32) throws {
        guard code != expected else { return }
        let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
