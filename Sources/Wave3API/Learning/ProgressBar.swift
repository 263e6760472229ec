import Foundation

/// A one-line progress bar on standard error, redrawn in place (`\r`), so standard output keeps
/// only the report and stays pipeable.
struct ProgressBar: Sendable {
    let width = 30

    func update(_ stage: String, _ fraction: Double) {
        let f = min(max(fraction, 0), 1)
        let filled = Int((f * Double(width)).rounded())
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let percent = String(format: "%3d%%", Int((f * 100).rounded()))
        let line = "\r\(bar) \(percent) \(stage.padding(toLength: 40, withPad: " ", startingAt: 0))" + (f >= 1 ? "\n" : "")
        FileHandle.standardError.write(Data(line.utf8))
    }
}
