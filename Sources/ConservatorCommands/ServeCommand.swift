import ArgumentParser
import Catalog
import Daemon
import Dispatch
import Foundation
import Installation
import Logging
import Pipeline
import Restoration
import ServiceLifecycle
import Web

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the curators' web interface: sign in, search, compare runs, review.",
        discussion: """
            Reads the catalog the daemon writes (both can run at once: the catalog is in WAL mode). With \
            --config, the catalog, the folders files may be served from (derivatives, ingest, archive and \
            quarantine folders) and the `serve:` section (listen, session-minutes, secure-cookies) come from \
            the daemon's configuration; with --catalog only, name those folders with --root.

            Curators correct a run's mask in the browser and run its pipeline again: the new run is written \
            to the derivatives folder (--derivatives, or the configuration's), with the pipeline and models \
            of --pipelines and --models (or the configuration's, or the shipped ones). A server without a \
            derivatives folder shows runs but answers corrections 503.

            Users are added with `conservator users add`; nobody can sign in before that. Listens on \
            127.0.0.1:8080 unless told otherwise: put a TLS proxy in front before opening it to a network, \
            and set `secure-cookies: true` there. SIGTERM and SIGINT stop it cleanly (requests in flight \
            finish). Exits 78 when the configuration is invalid or the templates are missing, 74 when the \
            catalog cannot be opened, 69 when the address cannot be bound.
              conservator serve --config /etc/conservator/conservator.yaml
              conservator serve --catalog demo/conservator.db --root demo
            """)

    @OptionGroup var options: CatalogOptions

    @Option(name: [.short, .long], help: ArgumentHelp(
        "Take the catalog, the file folders and the serve: settings from this daemon configuration.", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("The address to listen on (default: 127.0.0.1:8080, or the configuration's).",
                               valueName: "host:port"))
    var listen: String?

    @Option(help: ArgumentHelp("A folder files may be served from; repeat for several.", valueName: "folder"))
    var root: [String] = []

    @Option(help: ArgumentHelp("Where corrected runs are written (default: the configuration's derivatives folder; "
                               + "none: corrections are refused).", valueName: "dir"))
    var derivatives: String?

    @OptionGroup var library: LibraryOptions

    func validate() throws {
        if let listen, ListenAddress(listen) == nil {
            throw ValidationError("--listen must be HOST:PORT, e.g. 127.0.0.1:8080 (got '\(listen)')")
        }
    }

    func run() throws {
        var options = options
        var serve = DaemonConfiguration.Serve()
        var roots = root.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        var library = library
        // absolute: the catalog records the run's files for readers in other folders
        var derivatives = derivatives.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        if let config {
            let configuration = try WatchCommand.load(config)
            options.catalog = configuration.catalog
            serve = configuration.serve
            roots += [configuration.derivatives] + configuration.folders.map(\.path) + configuration.moveDestinations
            derivatives = derivatives ?? configuration.derivatives
            library.pipelines = library.pipelines ?? configuration.pipelines
            library.models = library.models ?? configuration.models
        }
        if let derivatives { roots.append(derivatives) }
        if let listen = listen.flatMap(ListenAddress.init) {
            serve.host = listen.host
            serve.port = listen.port
        }
        guard let assets = InstalledFolder.locate("WebAssets", override: "CONSERVATOR_WEB_ASSETS").folder else {
            ExitStatus.report(WebError.missingAssets(folder: "WebAssets").description)
            throw ExitStatus.configuration
        }
        // like watch: the server may start on a new installation, before the daemon has recorded anything
        let catalog = try options.open(creatingIfMissing: true)
        let correction = derivatives.map { folder in
            RunCorrection(runner: PipelineRunner(catalog: catalog, models: library.modelStoreKeepingModels, derivatives: folder,
                                                 software: Agent.conservator),
                          pipelines: library.pipelineReader)
        }
        let settings = WebSettings(host: serve.host, port: serve.port,
                                   sessionLifetime: .seconds(serve.sessionMinutes * 60), fileRoots: roots,
                                   secureCookies: serve.secureCookies, assets: assets, correction: correction)
        LoggingSystem.bootstrap { label in LogLineHandler(label: label, format: .human) }
        var logger = Logger(label: "conservator.serve")
        logger.logLevel = .info
        try Self.waiting { [logger] in
            let app = try await WebApplication.make(catalog: catalog, settings: settings, logger: logger)
            logger.info("serving \(catalog.path) on http://\(settings.host):\(settings.port)/")
            let group = ServiceGroup(configuration: .init(
                services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await group.run()
            logger.info("stopped")
        }
    }

    /// Runs `body` to its end from this synchronous command (the root command is synchronous: every
    /// other subcommand is), reporting its error with the documented exit code.
    private static func waiting(_ body: @escaping @Sendable () async throws -> Void) throws {
        final class Outcome: @unchecked Sendable { var error: (any Error)? }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        Task {
            do { try await body() } catch { outcome.error = error }
            done.signal()
        }
        done.wait()
        guard let error = outcome.error else { return }
        if let error = error as? WebError {
            ExitStatus.report(error.description)
            throw ExitStatus.configuration
        }
        ExitStatus.report("cannot serve: \(error)")
        throw ExitStatus.unavailable
    }
}
