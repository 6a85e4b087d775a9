import ArgumentParser
import Foundation
import Restoration

struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List the models and verify them against their cards.",
        subcommands: [List.self, Verify.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every model card in the models folder: each version of a model, oldest first.",
            discussion: "Versions are kept side by side (<name>@<version>.onnx and .card.yaml); a pipeline names one "
                + "as NAME@VERSION, and a bare NAME means the newest (marked 'newest').")

        @OptionGroup var library: LibraryOptions

        @Flag(help: "Print as JSON (shape: docs/JSON.md).")
        var json = false

        func run() throws {
            let store = library.modelStore
            let cards = store.cards()
            // cards come oldest first within each name: the last of a name is the newest
            let listed = cards.indices.map { index in
                ListedModel(cards[index], newest: index == cards.count - 1 || cards[index + 1].name != cards[index].name)
            }
            if json {
                try JSONOutput.print(listed)
                return
            }
            if cards.isEmpty { Console.print("no models in \(store.directory)") }
            for model in listed {
                Console.print("\(model.reference)  \(model.onnx)  sha256 \(model.sha256.prefix(16))…  (\(model.card))"
                      + (model.newest ? "  newest" : ""))
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Hash every model file and load it: the SHA-256 must match its card and the graph must load.",
            discussion: "Exits 0 when every model verifies, 1 when one does not.")

        @OptionGroup var library: LibraryOptions

        func run() throws {
            let store = library.modelStore
            var failed = 0
            // every card file, each version of each model, so an old version that rotted is found too
            for file in store.cardFiles() {
                do {
                    // read each card itself, so that an unreadable card is reported rather than skipped
                    let card = try ModelCard(contentsOf: "\(store.directory)/\(file)")
                    let model = try store.load(ModelReference(name: card.name, version: card.version))
                    Console.print("\(model.identity.reference): ok (sha256 \(model.identity.sha256))")
                } catch {
                    ExitStatus.report(error.description)
                    failed += 1
                }
            }
            if failed > 0 { throw ExitStatus.findings }
        }
    }
}

/// The `--json` shape of one model version in `models list`.
struct ListedModel: Encodable {
    var name: String
    var version: String
    /// `name@version`, as a pipeline names it.
    var reference: String
    var onnx: String
    var sha256: String
    var card: String
    /// The version a bare name means.
    var newest: Bool

    init(_ card: ModelCard, newest: Bool) {
        name = card.name
        version = card.version
        reference = "\(card.name)@\(card.version)"
        onnx = card.onnxFile
        sha256 = card.sha256
        self.card = card.file
        self.newest = newest
    }
}
