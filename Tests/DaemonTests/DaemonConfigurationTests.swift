import Daemon
import Foundation
import Installation
import Testing
import YAMLConfiguration

/// `conservator.yaml` is read strictly: every mistake names its line and column and what was allowed.
@Suite struct DaemonConfigurationTests {
    private let file = "/etc/conservator/conservator.yaml"

    private func error(_ yaml: String) -> ConfigurationError? {
        #expect(throws: ConfigurationError.self) { try DaemonConfiguration(yaml: yaml, file: file) }
    }

    @Test func readsEverySettingAndResolvesRelativePaths() throws {
        let configuration = try DaemonConfiguration(yaml: """
            catalog: catalog.db
            derivatives: /var/lib/conservator/derivatives
            quarantine: { policy: move, folder: quarantine }
            workers: 3
            max-pixels: 1000000
            stability-seconds: 0.5
            max-attempts: 4
            log-format: json
            pipelines: pipelines
            models: /usr/share/conservator/models
            folders:
              - path: /srv/ingest/plates
                pipeline: archival-repair
                recursive: true
                include: ["*.tif", "*.tiff"]
                exclude: "*_proof.*"
                after-ingest: { action: move, archive: /srv/archive/plates }
              - path: /srv/ingest/access
                pipeline: none
            """, file: file)
        #expect(configuration.catalog == "/etc/conservator/catalog.db")
        #expect(configuration.derivatives == "/var/lib/conservator/derivatives")
        #expect(configuration.quarantine == .move(to: "/etc/conservator/quarantine"))
        #expect(configuration.workers == 3)
        #expect(configuration.maxPixels == 1_000_000)
        #expect(configuration.stabilitySeconds == 0.5)
        #expect(configuration.maxAttempts == 4)
        #expect(configuration.logFormat == .json)
        #expect(configuration.folders.count == 2)
        let plates = configuration.folders[0]
        #expect(plates.path == "/srv/ingest/plates")
        #expect(plates.recursive)
        #expect(plates.include == ["*.tif", "*.tiff"])
        #expect(plates.exclude == ["*_proof.*"])
        #expect(plates.afterIngest == .move(to: "/srv/archive/plates"))
        #expect(configuration.folders[1].afterIngest == .leave)
        #expect(plates.pipeline == "archival-repair")
        #expect(configuration.folders[1].pipeline == nil, "pipeline: none records originals only")
        #expect(configuration.pipelines == "/etc/conservator/pipelines")
        #expect(configuration.models == "/usr/share/conservator/models")
        #expect(!configuration.folders[1].recursive)
    }

    @Test func defaults() throws {
        let configuration = try DaemonConfiguration(yaml: "folders: [{ path: /srv/in }]", file: file)
        #expect(configuration.catalog == "/etc/conservator/conservator.db")
        #expect(configuration.quarantine == .leave)
        #expect(configuration.stabilitySeconds == 2)
        #expect(configuration.maxAttempts == 3)
        #expect(configuration.logFormat == .human)
    }

    @Test func patternsSelectFileNames() throws {
        let folder = try DaemonConfiguration(yaml: """
            folders:
              - { path: /srv/in, include: ["*.tif", "*.jpg"], exclude: ["draft-*"] }
            """, file: file).folders[0]
        #expect(folder.accepts(name: "plate-1.tif"))
        #expect(folder.accepts(name: "print.jpg"))
        #expect(!folder.accepts(name: "notes.txt"))
        #expect(!folder.accepts(name: "draft-2.tif"))
    }

    @Test func unknownKeyNamesLineColumnAndAllowedKeys() {
        let found = error("""
            folders:
              - path: /srv/in
                recursve: true
            """)
        #expect(found?.line == 3)
        #expect(found?.column == 5)
        #expect(found?.description == "\(file):3:5: unknown key 'recursve' in a folder; "
                + "allowed: path, pipeline, recursive, include, exclude, after-ingest")
    }

    @Test func valuesOutOfRangeOrOfTheWrongKind() {
        #expect(error("workers: 0\nfolders: [{ path: /a }]")?.message == "'workers' is 0; allowed: 1 to 64")
        #expect(error("workers: many\nfolders: [{ path: /a }]")?.message == "'workers' must be a whole number")
        #expect(error("log-format: xml\nfolders: [{ path: /a }]")?.message == "'log-format' is 'xml'; allowed: human, json")
        #expect(error("folders: [{ path: /a, recursive: maybe }]")?.message == "'recursive' must be true or false")
        #expect(error("folders: [{ path: /a }]\nquarantine: { policy: shred }")?.message
                == "'policy' is 'shred'; allowed: leave, move")
    }

    @Test func missingOrContradictorySettings() {
        #expect(error("workers: 2")?.message == "no 'folders': name at least one ingest folder")
        #expect(error("folders: []")?.message == "'folders' is empty: name at least one ingest folder")
        #expect(error("folders: [{ recursive: true }]")?.message == "a folder needs a 'path'")
        #expect(error("folders: [{ path: /a }]\nquarantine: { policy: move }")?.message
                == "quarantine policy 'move' needs a 'folder'")
        #expect(error("folders: [{ path: /a, after-ingest: { action: move } }]")?.message
                == "after-ingest action 'move' needs an 'archive' folder")
        #expect(error("folders: [{ path: /a, after-ingest: { archive: /b } }]")?.message
                == "'archive' is only used with after-ingest action 'move'")
    }

    @Test func foldersMustNotOverlapOrHoldWhatTheDaemonWrites() {
        #expect(error("folders: [{ path: /srv/in }, { path: /srv/in/sub }]")?.message
                == "ingest folders /srv/in and /srv/in/sub overlap; a file must belong to one folder")
        #expect(error("folders: [{ path: /srv/in, after-ingest: { action: move, archive: /srv/in/done } }]")?.message
                == "the archive folder /srv/in/done is inside the ingest folder /srv/in")
        #expect(error("catalog: /srv/in/catalog.db\nfolders: [{ path: /srv/in }]")?.message
                == "the catalog's folder /srv/in is inside the ingest folder /srv/in")
    }

    @Test func theInstitutionIsReadAndCheckedAndOptional() throws {
        let folders = "folders: [{ path: /srv/ingest }]\n"
        let configuration = try DaemonConfiguration(yaml: folders + """
            institution:
              name: Stadtmuseum Beispielstadt
              identifier: DE-MUS-123456
              rights-statement: http://rightsstatements.org/vocab/InC/1.0/
            """, file: file)
        #expect(configuration.institution == Institution(name: "Stadtmuseum Beispielstadt", identifier: "DE-MUS-123456",
                                                         rightsStatement: "http://rightsstatements.org/vocab/InC/1.0/"))
        #expect(try DaemonConfiguration(yaml: folders, file: file).institution == nil)
        #expect(try DaemonConfiguration(yaml: folders + "institution: { name: Archiv }", file: file).institution
            == Institution(name: "Archiv"))
        let cases = [
            ("institution: { identifier: DE-1 }", "needs a 'name'"),
            ("institution: { name: \"  \" }", "'name' is empty"),
            ("institution: { name: A, rights-statement: in copyright }", "must be the http(s) URI"),
            ("institution: { name: A, isil: DE-1 }", "unknown key 'isil'"),
        ]
        for (yaml, message) in cases {
            let error = error(folders + yaml)
            #expect(error?.description.contains(message) == true, "\(yaml): \(String(describing: error))")
        }
    }

    @Test func invalidYAMLNamesThePlace() {
        let found = error("folders:\n  - path: [unclosed\n")
        #expect(found?.line ?? 0 > 0)
        #expect(found?.message.hasPrefix("not valid YAML") == true)
    }

    @Test func emptyOrUnreadableFile() {
        #expect(error("")?.message == "the file is empty")
        let missing = #expect(throws: ConfigurationError.self) {
            try DaemonConfiguration(contentsOf: "/nonexistent/conservator.yaml")
        }
        #expect(missing?.description.hasPrefix("/nonexistent/conservator.yaml: cannot read the configuration") == true)
    }
}

/// The documented example in `deploy/` must stay a valid configuration.
@Suite struct DeployedExampleTests {
    @Test func theExampleConfigurationIsValid() throws {
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("deploy/conservator.yaml")
        let configuration = try DaemonConfiguration(contentsOf: example.path)
        #expect(configuration.folders.map(\.path) == ["/srv/scans/masters", "/srv/scans/access"])
        #expect(configuration.quarantine == .move(to: "/var/lib/conservator/quarantine"))
        #expect(configuration.folders[0].afterIngest == .move(to: "/srv/archive/masters"))
        #expect(configuration.folders[0].pipeline == "classical")
        #expect(configuration.pipelines == "/usr/local/share/conservator/Pipelines")
        #expect(configuration.serve == DaemonConfiguration.Serve())
    }
}

/// The `serve:` section of `conservator serve`.
@Suite struct ServeSectionTests {
    private let file = "/etc/conservator/conservator.yaml"
    private let folders = "folders:\n  - path: /srv/in\n"

    @Test func defaultsToLoopbackAndEightHourSessions() throws {
        let serve = try DaemonConfiguration(yaml: folders, file: file).serve
        #expect(serve.host == "127.0.0.1" && serve.port == 8080 && serve.sessionMinutes == 480 && !serve.secureCookies)
    }

    @Test func readsEverySetting() throws {
        let serve = try DaemonConfiguration(yaml: folders + """
            serve:
              listen: "[::1]:9090"
              session-minutes: 30
              secure-cookies: true
            """, file: file).serve
        #expect(serve.host == "::1" && serve.port == 9090 && serve.sessionMinutes == 30 && serve.secureCookies)
    }

    @Test(arguments: [
        ("serve: { listen: localhost }", "HOST:PORT"), ("serve: { listen: \"host:0\" }", "HOST:PORT"),
        ("serve: { listen: \":8080\" }", "HOST:PORT"), ("serve: { session-minutes: 0 }", "session-minutes"),
        ("serve: { tls: yes }", "tls"),
    ])
    func refusesMistakes(_ yaml: String, _ named: String) {
        let error = #expect(throws: ConfigurationError.self) { try DaemonConfiguration(yaml: folders + yaml, file: file) }
        #expect(error?.description.contains(named) == true, "\(error?.description ?? "")")
    }
}
