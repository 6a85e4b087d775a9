import GRDB

extension Catalog {
    /// Adds user `name`; fails with ``CatalogError/userExists(name:)`` when the name is taken.
    @discardableResult
    public func addUser(_ user: User) throws -> User {
        try pool.write { db in
            if try User.filter(Column("name") == user.name).fetchCount(db) > 0 {
                throw CatalogError.userExists(name: user.name)
            }
            var inserted = user
            try inserted.insert(db)
            return inserted
        }
    }

    /// Every user, by name.
    public func users() throws -> [User] {
        try pool.read { db in try User.order(Column("name")).fetchAll(db) }
    }

    /// User `name`, or `nil`.
    public func user(named name: String) throws -> User? {
        try pool.read { db in try User.filter(Column("name") == name).fetchOne(db) }
    }

    /// Removes user `name`; fails with ``CatalogError/noSuchUser(name:)`` when there is none. The
    /// decisions the person made keep their name (events record the person as an agent of its own).
    public func removeUser(named name: String) throws {
        try pool.write { db in
            guard try User.filter(Column("name") == name).deleteAll(db) > 0 else {
                throw CatalogError.noSuchUser(name: name)
            }
        }
    }

    /// Replaces user `name`'s password hash.
    public func setPasswordHash(_ hash: String, forUser name: String) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE users SET password_hash = ? WHERE name = ?", arguments: [hash, name])
            guard db.changesCount > 0 else { throw CatalogError.noSuchUser(name: name) }
        }
    }
}
