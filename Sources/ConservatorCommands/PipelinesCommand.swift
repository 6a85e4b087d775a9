import ArgumentParser
import Foundation
import Pipeline
import Restoration

struct PipelinesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipelines",
        abstract: "List, show and validate pipeline files.",
        subcommands: [List.self, Show.self, Validate.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every pipeline in the pipelines folder: its stages, whether it uses AI, and whether it is valid here.")

        @OptionGroup var library: LibraryOptions

        @Flag(help: "Print as JSON (shape: docs/JSON.md).")
        var json = false

        func run() throws {
            let reader = library.pipelineReader
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: reader.library)) ?? [])
                .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
            guard !names.isEmpty else {
                ExitStatus.report("no pipelines in \(reader.library)")
                throw ExitStatus.notFound
            }
            if json {
                try JSONOutput.print(names.map { name in
                    do {
                        return PipelineDescription(try reader.read(name))
                    } catch {
                        return PipelineDescription(invalid: name, error: "\(error)")
                    }
                })
                return
            }
            for name in names {
                do {
                    let pipeline = try reader.read(name)
                    Console.print("\(name)  v\(pipeline.version)  \(pipeline.usesTrainedModels ? "AI" : "no AI")  "
                          + pipeline.stages.map(\.descriptor.name).joined(separator: " → "))
                } catch {
                    Console.print("\(name)  INVALID: \(error.description)")
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One pipeline with every stage's effective parameters (defaults filled in) and its output.")

        @OptionGroup var library: LibraryOptions

        @Argument(help: ArgumentHelp("A pipeline name or YAML file.", valueName: "name|file"))
        var pipeline: String

        @Flag(help: "Print as JSON (shape: docs/JSON.md).")
        var json = false

        func run() throws {
            let validated = try PipelinesCommand.read(pipeline, with: library.pipelineReader)
            if json {
                try JSONOutput.print(PipelineDescription(validated))
                return
            }
            Console.print("\(validated.name) v\(validated.version)  (\(validated.file), sha256 \(validated.sha256))")
            Console.print("  \(validated.description)")
            Console.print("  \(validated.usesTrainedModels ? "AI-altering: uses trained models" : "no trained model: never AI-altered")")
            for (position, stage) in validated.stages.enumerated() {
                let descriptor = stage.descriptor
                let parameters = stage.parameters.values.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
                Console.print("  \(position + 1). \(descriptor.name) v\(descriptor.version) [\(stage.type.disclosure(for: stage.parameters).rawValue)]")
                Console.print("       \(parameters.joined(separator: ", "))")
            }
            let output = validated.output
            Console.print("  review-above: " + (validated.reviewAbove.map { "\($0) (runs that fill or invent more of the picture "
                + "await a curator)" } ?? "not set"))
            Console.print("  output: \(output.format), bit depth \(output.bitDepth.rawValue), keep ICC \(output.keepICC), "
                  + "masks \(output.masks), access copy \(output.accessCopy)")
        }
    }

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check pipeline files: stages, parameters, ranges, mask sources and models.",
            discussion: "Exits 0 when every file is valid, 78 when one is not (each error names file, line and column).")

        @OptionGroup var library: LibraryOptions

        @Argument(help: ArgumentHelp("Pipeline files or names.", valueName: "file"))
        var files: [String]

        func run() throws {
            let reader = library.pipelineReader
            var invalid = 0
            for file in files {
                do {
                    let pipeline = try reader.read(file)
                    Console.print("\(reader.path(of: file)): valid (\(pipeline.name) v\(pipeline.version), "
                          + "\(pipeline.stages.count) stages)")
                } catch {
                    ExitStatus.report(error.description)
                    invalid += 1
                }
            }
            if invalid > 0 { throw ExitStatus.configuration }
        }
    }

    /// Reads a pipeline, or reports why not and exits 78.
    static func read(_ reference: String, with reader: PipelineReader) throws -> Pipeline {
        do {
            return try reader.read(reference)
        } catch {
            ExitStatus.report(error.description)
            throw ExitStatus.configuration
        }
    }
}
