/// A node ready to run: its kernel and the values it reads and writes.
struct LoadedNode: Sendable {
    var op: any Operator
    var inputs: [String]
    var outputs: [String]
    var location: NodeLocation
}
