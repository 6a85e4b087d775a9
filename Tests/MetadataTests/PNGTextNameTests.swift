import Testing
@testable import Metadata

@Suite struct PNGTextNameTests {
    @Test func keywordsAreNamedAsExifToolNamesThem() {
        #expect(PNGTextName.name(of: "Title") == "Title")
        #expect(PNGTextName.name(of: "Creation Time") == "CreationTime")
        #expect(PNGTextName.name(of: "date:create") == "Datecreate")
        #expect(PNGTextName.name(of: "x") == "TagX")
    }

    @Test func languagesAreCasedAsExifToolCasesThem() {
        #expect(PNGTextName.standardLanguage("fr-fr") == "fr-FR")
        #expect(PNGTextName.standardLanguage("EN") == "en")
        #expect(PNGTextName.standardLanguage("zh-Hant-TW") == "zh-hant-tw")
        #expect(PNGTextName.standardLanguage("en-us-x-Foo") == "en-US-x-foo")
    }
}
