//go:build !windows

package main

// showFatal: elsewhere the message on stderr is what there is (a desktop
// launcher logs it to the session journal).
func showFatal(title, text string) {}

// attachConsole: elsewhere a program has its terminal's handles already.
func attachConsole() {}
