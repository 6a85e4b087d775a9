import ArgumentParser
import Catalog
import Installation
import Pipeline
import Restoration

/// `--pipelines DIR` and `--models DIR`: where named pipelines and models are (default: the shipped folders).
struct LibraryOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The folder of named pipelines (default: the one shipped with conservator).",
                               valueName: "dir"))
    var pipelines: String?

    @Option(help: ArgumentHelp("The folder of models, <name>@<version>.onnx and .card.yaml (default: the one shipped "
                               + "with conservator).", valueName: "dir"))
    var models: String?

    var modelStore: ModelStore { ModelStore(directory: InstalledFolder.models(models)) }

    /// A store for runs on many originals (a batch, the web's corrections): models stay loaded between them.
    var modelStoreKeepingModels: ModelStore {
        ModelStore(directory: InstalledFolder.models(models), keeping: LoadedModels())
    }

    var pipelineReader: PipelineReader {
        PipelineReader(models: modelStore, library: InstalledFolder.pipelines(pipelines))
    }
}
