import Crypto
import CryptoExtras
import Foundation

/// A password hashed with PBKDF2-HMAC-SHA256, stored as `pbkdf2-sha256$ITERATIONS$SALT$HASH` (base64).
///
/// The iteration count travels with the hash, and ``verify(_:)`` always uses the stored one: a hash made
/// with a lower cost (only tests do that, through ``init(password:iterations:)``) is checked at that cost,
/// and raising ``standardIterations`` later leaves existing passwords valid.
///
/// ```swift
/// let stored = try PasswordHash(password: "correct horse").stored   // into users.password_hash
/// try PasswordHash(stored: stored)?.verify("correct horse")          // true
/// ```
public struct PasswordHash: Sendable, Equatable {
    /// OWASP's 2023 figure for PBKDF2-HMAC-SHA256.
    public static let standardIterations = 600_000
    static let scheme = "pbkdf2-sha256"

    public let iterations: Int
    let salt: [UInt8]
    let hash: [UInt8]

    /// Hashes `password` with a fresh 16-byte salt. `iterations` below ``standardIterations`` is for tests
    /// only: a debug build takes seconds per hash at the standard cost.
    public init(password: String, iterations: Int = standardIterations) throws {
        let salt = (0..<16).map { _ in UInt8.random(in: .min ... .max) }
        self.init(iterations: iterations, salt: salt, hash: try Self.derive(password, salt: salt, iterations: iterations))
    }

    /// Reads a stored hash; `nil` when it is not of the form above.
    public init?(stored: String) {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == Self.scheme, let iterations = Int(parts[1]), iterations > 0,
              let salt = Data(base64Encoded: String(parts[2])), let hash = Data(base64Encoded: String(parts[3])),
              !salt.isEmpty, hash.count == 32 else { return nil }
        self.init(iterations: iterations, salt: Array(salt), hash: Array(hash))
    }

    private init(iterations: Int, salt: [UInt8], hash: [UInt8]) {
        self.iterations = iterations
        self.salt = salt
        self.hash = hash
    }

    /// A hash of no one's password at the standard cost, checked when a sign-in names no user so that
    /// the answer takes as long as for a real one.
    static let decoy = try! PasswordHash(password: "", iterations: standardIterations)

    /// The text for `users.password_hash`.
    public var stored: String {
        "\(Self.scheme)$\(iterations)$\(Data(salt).base64EncodedString())$\(Data(hash).base64EncodedString())"
    }

    /// Whether `password` is the one hashed, compared in constant time.
    public func verify(_ password: String) throws -> Bool {
        let candidate = try Self.derive(password, salt: salt, iterations: iterations)
        return zip(candidate, hash).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0 && candidate.count == hash.count
    }

    private static func derive(_ password: String, salt: [UInt8], iterations: Int) throws -> [UInt8] {
        let key = try KDF.Insecure.PBKDF2.deriveKey(from: Array(password.utf8), salt: salt, using: .sha256,
                                                    outputByteCount: 32, unsafeUncheckedRounds: iterations)
        return key.withUnsafeBytes { Array($0) }
    }
}
