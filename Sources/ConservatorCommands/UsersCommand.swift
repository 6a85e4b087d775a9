import ArgumentParser
import Catalog
import Foundation
import Web

struct UsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Manage the people who may sign in to `conservator serve`.",
        discussion: """
            Roles: viewer (reads every page), curator (also approves, rejects and corrects runs), admin \
            (also manages users). A password is never an argument: it is asked for twice on the terminal \
            (not echoed), or read as one line from standard input when that is not a terminal. It is stored \
            as PBKDF2-HMAC-SHA256 with 600,000 iterations and a random salt.
              conservator users add alice --role curator --catalog conservator.db
              printf '%s\\n' "$PASSWORD" | conservator users passwd alice
            """,
        subcommands: [Add.self, List.self, Remove.self, Passwd.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user (exits 1 when the name is taken).")
        @OptionGroup var options: CatalogOptions
        @Argument(help: "Letters, digits, '.', '_', '@' or '-'; at most 64.") var name: String
        @Option(help: ArgumentHelp("viewer, curator or admin.", valueName: "role")) var role: String = "viewer"

        func validate() throws {
            guard User.Role(rawValue: role) != nil else {
                throw ValidationError("--role must be viewer, curator or admin (got '\(role)')")
            }
            try UsersCommand.check(name)
        }

        func run() throws {
            // the first user of a new installation may come before its first scan
            let catalog = try options.open(creatingIfMissing: true)
            if try ExitStatus.guarding({ try catalog.user(named: name) }) != nil {
                ExitStatus.report("user \(name) exists already")
                throw ExitStatus.findings
            }
            let hash = try PasswordHash(password: try PasswordPrompt.read(confirm: true)).stored
            _ = try ExitStatus.guarding { try catalog.addUser(User(name: name, role: User.Role(rawValue: role)!, passwordHash: hash)) }
            Console.print("added \(name) (\(role))")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the users and their roles.")
        @OptionGroup var options: CatalogOptions

        @Flag(help: "Print as JSON (shape: docs/JSON.md).")
        var json = false

        /// The `--json` shape of one user: never the password hash.
        struct ListedUser: Encodable {
            var name: String
            var role: String
            var createdAt: String
        }

        func run() throws {
            let catalog = try options.open()
            let users = try ExitStatus.guarding { try catalog.users() }
            if json {
                try JSONOutput.print(users.map { ListedUser(name: $0.name, role: $0.role.rawValue, createdAt: $0.createdAt) })
                return
            }
            for user in users {
                Console.print("\(user.name)\t\(user.role.rawValue)\t\(user.createdAt)")
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a user; their sessions end at their next request.")
        @OptionGroup var options: CatalogOptions
        @Argument var name: String

        func run() throws {
            let catalog = try options.open()
            try ExitStatus.guarding { try catalog.removeUser(named: name) }
            Console.print("removed \(name)")
        }
    }

    struct Passwd: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a user's password.")
        @OptionGroup var options: CatalogOptions
        @Argument var name: String

        func run() throws {
            let catalog = try options.open()
            guard try ExitStatus.guarding({ try catalog.user(named: name) }) != nil else {
                ExitStatus.report("no user is named \(name)")
                throw ExitStatus.notFound
            }
            let hash = try PasswordHash(password: try PasswordPrompt.read(confirm: true)).stored
            try ExitStatus.guarding { try catalog.setPasswordHash(hash, forUser: name) }
            Console.print("password of \(name) changed")
        }
    }

    /// The names the catalog accepts (its CHECK constraint), refused here with a readable message.
    static func check(_ name: String) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._@-")
        guard (1...64).contains(name.count), name.allSatisfy(allowed.contains) else {
            throw ValidationError("a user name is 1 to 64 letters, digits, '.', '_', '@' or '-' (got '\(name)')")
        }
    }
}
