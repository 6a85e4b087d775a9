import ArgumentParser
import Foundation

/// Reads a password: from the terminal without echo (asked twice when confirming), or as one line of
/// standard input when that is a pipe, for scripts. Never from an argument, which other users of the
/// machine could read in the process list.
enum PasswordPrompt {
    /// Passwords shorter than this are refused.
    static let minimumLength = 8

    static func read(confirm: Bool) throws -> String {
        let password: String
        if isatty(STDIN_FILENO) == 1 {
            password = try hidden("Password: ")
            if confirm, try hidden("Again: ") != password {
                throw ValidationError("the two passwords differ")
            }
        } else {
            guard let line = readLine(strippingNewline: true) else { throw ValidationError("no password on standard input") }
            password = line
        }
        guard password.count >= minimumLength else {
            throw ValidationError("a password needs at least \(minimumLength) characters")
        }
        return password
    }

    /// One line typed at the terminal with echo off (restored afterwards, also when reading fails).
    private static func hidden(_ prompt: String) throws -> String {
        FileHandle.standardError.write(Data(prompt.utf8))
        var saved = termios()
        tcgetattr(STDIN_FILENO, &saved)
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        guard let line = readLine(strippingNewline: true) else { throw ValidationError("no password typed") }
        return line
    }
}
