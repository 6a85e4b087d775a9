// The executable is only this: every command lives in ConservatorCommands, where tests can call it.
import ConservatorCommands

Conservator.main()
