import Foundation
import GRDB
import GRDBSQLite

/// Binds and steps one of GRDB's cached INSERT statements through its SQLite handle, for the catalog's
/// bulk rows: ingest writes an object, some seventy metadata rows and eight event rows per photograph, and
/// GRDB's general paths (a record encoded into a container and its SQL generated, or arguments boxed and
/// validated) add up: moving the metadata rows here took a tenth of the CPU time off ingesting 1,000 camera
/// JPEGs. The statement is reset before and after each row, so GRDB finds it as it left it.
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

    /// Inserts one row: `values` bound to the statement's parameters in order.
    func insert(_ values: DatabaseValue...) throws {
        try insert(values)
    }

    /// Inserts one row: `values` bound to the statement's parameters in order.
    func insert(_ values: [DatabaseValue]) throws {
        sqlite3_reset(handle)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value.storage {
            case .null: code = sqlite3_bind_null(handle, index)
            case let .int64(number): code = sqlite3_bind_int64(handle, index, number)
            case let .double(number): code = sqlite3_bind_double(handle, index, number)
            case let .string(text):
                // SQLITE_TRANSIENT: SQLite copies the text, so the C string need only live for the call.
                code = text.withCString { sqlite3_bind_text(handle, index, $0, -1, Self.transient) }
            case let .blob(data):
                code = data.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), Self.transient) }
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
